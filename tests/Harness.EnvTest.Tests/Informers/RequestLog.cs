namespace Harness.EnvTest.Tests.Informers;

/// <summary>
/// Records the path and query of every GET a client sends (lists and watches), and can hold back its watch requests until released
/// (a client that is cut off from the server while the server moves on).
/// </summary>
internal sealed class RequestLog : DelegatingHandler
{
    private readonly Lock gate = new();
    private readonly List<string> requests = [];
    private TaskCompletionSource? held;

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public IReadOnlyList<string> Lists => [.. Requests.Where(r => !r.Contains("watch=true", StringComparison.Ordinal))];

    public IReadOnlyList<string> Watches => [.. Requests.Where(r => r.Contains("watch=true", StringComparison.Ordinal))];

    /// <summary>From now on, watch requests wait (after being recorded) until <see cref="Release"/>.</summary>
    public void HoldWatches()
    {
        lock (gate)
        {
            held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        TaskCompletionSource? release;
        lock (gate)
        {
            release = held;
            held = null;
        }

        release?.TrySetResult();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.RequestUri!.PathAndQuery;
        Task? wait = null;
        lock (gate)
        {
            if (request.Method == HttpMethod.Get)
            {
                requests.Add(target);
            }

            if (target.Contains("watch=true", StringComparison.Ordinal))
            {
                wait = held?.Task;
            }
        }

        if (wait is not null)
        {
            await wait.WaitAsync(cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
