using System.Net;

namespace Harness.EnvTest.Tests.Informers;

/// <summary>Answers <paramref name="status"/> to the requests <paramref name="refuses"/> picks, until <see cref="Relent"/>; passes the rest on.</summary>
internal sealed class RefusingHandler(Func<HttpRequestMessage, bool> refuses, HttpStatusCode status) : DelegatingHandler
{
    private int refused;
    private volatile bool relented;

    /// <summary>How many requests were refused.</summary>
    public int Refused => Volatile.Read(ref refused);

    /// <summary>From now on, passes every request on.</summary>
    public void Relent() => relented = true;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (relented || !refuses(request))
        {
            return base.SendAsync(request, cancellationToken);
        }

        Interlocked.Increment(ref refused);
        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("{}") });
    }
}
