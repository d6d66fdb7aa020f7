namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// Stands between one client and the API server and holds back the watch events of one resource after the first
/// <c>passed</c> of each watch, until <see cref="Release"/>: that client's informer cache falls behind the server for as
/// long as a test needs. It reads the watch stream's lines (one event each), so it works over HTTPS and in-process alike.
/// </summary>
internal sealed class HeldWatch(string plural, int passed) : DelegatingHandler
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => released.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var uri = request.RequestUri!;
        if (!uri.AbsolutePath.EndsWith("/" + plural, StringComparison.Ordinal) || !uri.Query.Contains("watch=true", StringComparison.Ordinal))
        {
            return response;
        }

        var inner = response.Content;
        var held = new StreamContent(new HeldLines(await inner.ReadAsStreamAsync(cancellationToken), passed, released.Task, inner));
        foreach (var header in inner.Headers)
        {
            held.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = held;
        return response;
    }
}
