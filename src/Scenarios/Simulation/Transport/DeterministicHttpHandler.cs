using Harness.Scenarios.Simulation.Scheduling;

namespace Harness.Scenarios.Simulation.Transport;

/// <summary>
/// Puts an in-process HTTP transport (envtest's <c>ApiServerMessageHandler</c>) under a <see cref="DeterministicScheduler"/>
/// for clients built on <see cref="HttpClient"/>, such as KubernetesClient. Place it in front of the terminal handler:
/// <c>new Kubernetes(config, new DeterministicHttpHandler(scheduler), terminal)</c> (or use <see cref="InProcessKubernetes"/>).
/// A request in flight and a response in flight are both scheduling points, as on a network: the request reaches the
/// server in a step of its own, and the response reaches the client in another.
/// </summary>
/// <remarks>
/// HttpClient and KubernetesClient await with <c>ConfigureAwait(false)</c>. When such an await resumes because a step
/// completed its task, .NET does not run the continuation inline (a custom <see cref="SynchronizationContext"/> is
/// current) but queues it to the thread pool, where it would race with the simulation. So responses, and chunks of a
/// streamed body that the client waited for, are handed over in boundary steps
/// (<see cref="DeterministicScheduler.PostAtBoundary"/>), where those continuations run inline on the scheduler's thread.
/// </remarks>
public sealed class DeterministicHttpHandler(DeterministicScheduler scheduler) : DelegatingHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new TaskCompletionSource<HttpResponseMessage>();
        var label = $"http {request.Method.Method} {request.RequestUri?.PathAndQuery}";
        scheduler.Post(label, () => _ = SendInStepAsync(request, response, cancellationToken));
        return response.Task;
    }

    private async Task SendInStepAsync(HttpRequestMessage request, TaskCompletionSource<HttpResponseMessage> response, CancellationToken cancellationToken)
    {
        try
        {
            var message = WrapStreamingBody(await base.SendAsync(request, cancellationToken), cancellationToken);
            scheduler.PostAtBoundary("http response", () => response.SetResult(message), expectThreadPoolHop: () => false);
        }
        catch (Exception error)
        {
            scheduler.PostAtBoundary("http failure", () => response.SetException(error), expectThreadPoolHop: () => false);
        }
    }

    // A body of unknown length is a stream (a watch); its reads must be handed over at boundaries too.
    private HttpResponseMessage WrapStreamingBody(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content.Headers.ContentLength is not null)
        {
            return response;
        }

        var opening = content.ReadAsStreamAsync(cancellationToken);
        if (!opening.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The in-process transport must open its response stream synchronously.");
        }

#pragma warning disable RS0030 // the task completed (checked above): its result does not block
        var wrapped = new StreamContent(new DeterministicResponseStream(opening.Result, scheduler));
#pragma warning restore RS0030
        foreach (var header in content.Headers)
        {
            wrapped.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = wrapped;
        return response;
    }
}
