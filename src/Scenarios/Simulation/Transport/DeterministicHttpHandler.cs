using Harness.Scenarios.Simulation.Scheduling;

namespace Harness.Scenarios.Simulation.Transport;

/// <summary>
/// Puts an in-process HTTP transport (e.g. envtest's <c>ApiServerMessageHandler</c>) under a
/// <see cref="DeterministicScheduler"/> for clients built on <see cref="HttpClient"/>, such as KubernetesClient.
/// Place it in front of the terminal handler: <c>new Kubernetes(config, new DeterministicHttpHandler(scheduler), terminal)</c>.
/// </summary>
/// <remarks>
/// HttpClient and KubernetesClient await with <c>ConfigureAwait(false)</c>. When such an await resumes because a
/// step of the scheduler completed its task, .NET does not run the continuation inline (a custom
/// <see cref="SynchronizationContext"/> is current) but queues it to the thread pool, where it would race with the
/// simulation. This handler therefore hands every response (and every chunk of a streamed body that was waited for)
/// to the client in a boundary step (<see cref="DeterministicScheduler.PostAtBoundary"/>), where those continuations
/// run inline on the scheduler's thread. A response the server produced synchronously is returned synchronously.
/// </remarks>
public sealed class DeterministicHttpHandler(DeterministicScheduler scheduler) : DelegatingHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (SynchronizationContext.Current is not DeterministicSynchronizationContext)
        {
            throw new InvalidOperationException(
                "A request was sent outside a step of the deterministic scheduler (on the thread pool or with ConfigureAwait(false) in the caller).");
        }

        var sending = base.SendAsync(request, cancellationToken);
        if (sending.IsCompletedSuccessfully)
        {
            return Task.FromResult(WrapStreamingBody(sending.Result, cancellationToken));
        }

        if (sending.IsCompleted)
        {
            return sending;
        }

        var response = new TaskCompletionSource<HttpResponseMessage>();
        _ = DeliverAtBoundaryAsync(sending, response, cancellationToken);
        return response.Task;
    }

    private async Task DeliverAtBoundaryAsync(Task<HttpResponseMessage> sending, TaskCompletionSource<HttpResponseMessage> response, CancellationToken cancellationToken)
    {
        try
        {
            var message = WrapStreamingBody(await sending, cancellationToken);
            scheduler.PostAtBoundary("http response", () => response.SetResult(message), expectThreadPoolHop: false);
        }
        catch (Exception error)
        {
            scheduler.PostAtBoundary("http failure", () => response.SetException(error), expectThreadPoolHop: false);
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

        var wrapped = new StreamContent(new DeterministicResponseStream(opening.Result, scheduler));
        foreach (var header in content.Headers)
        {
            wrapped.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = wrapped;
        return response;
    }
}
