using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;

namespace Harness.Scenarios.Faults.Api;

/// <summary>
/// One component's way into the API server, at the transport boundary: requests pass to the faithful server unless
/// the component's <see cref="ApiFaultInjector"/> chooses a fault, which is answered as kube-apiserver writes it on
/// the wire (<see cref="ServerFailures"/>); a watch's frames pass through <see cref="FaultyWatch"/>.
/// </summary>
/// <param name="aggregatedGroups">API groups the server proxies to an aggregated API (their failures are the aggregator's).</param>
public sealed class FaultyApiHandler(IApiHandler server, ApiFaultInjector injector, TimeProvider time, IReadOnlySet<string> aggregatedGroups) : IApiHandler
{
    private static readonly string[] StorageErrors = ["etcdserver: leader changed", "etcdserver: request timed out"];

    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = ApiRequestTarget.Of(request);
        if (target.IsWatch)
        {
            var response = await server.HandleAsync(request, cancellationToken);
            return response is StreamingApiResponse stream && injector.WatchesFaulted
                ? new StreamingApiResponse(stream.ContentType, FaultyWatch.Apply(stream.Frames, injector.ChooseWatchFault, time, detail => injector.Record(request.Path, detail)))
                : response;
        }

        var aggregated = aggregatedGroups.Contains(target.Group);
        if (injector.ChooseRequestFault(target, aggregated) is not { } kind)
        {
            return await server.HandleAsync(request, cancellationToken);
        }

        var answer = kind switch
        {
            ApiFaultKind.Conflict => ServerFailures.Conflict(target.Resource, target.Group, target.Name!),
            ApiFaultKind.TooManyRequests => ServerFailures.TooManyRequests(),
            ApiFaultKind.StorageError => ServerFailures.StorageError(StorageErrors[injector.Choose(StorageErrors.Length)]),
            ApiFaultKind.ServiceUnavailable => ServerFailures.ServiceUnavailable(),
            ApiFaultKind.Timeout => ServerFailures.Timeout(),
            ApiFaultKind.TimeoutAfterApplied => await AppliedThenTimedOutAsync(request, cancellationToken),
            _ => throw new InvalidOperationException($"{kind} is no request fault"),
        };
        injector.Record(request.Path, $"{request.Method} answered {answer.StatusCode} ({kind}) on {injector.Component}'s client");
        return answer;
    }

    private async Task<BufferedApiResponse> AppliedThenTimedOutAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        await server.HandleAsync(request, cancellationToken);
        return ServerFailures.Timeout();
    }
}
