using System.Security.Cryptography.X509Certificates;
using Harness.EnvTest.Security;
using Microsoft.Extensions.Logging;

namespace Harness.EnvTest.Http;

/// <summary>Options of <see cref="ApiHttpsServer"/>.</summary>
public sealed class ApiHttpsServerOptions
{
    /// <summary>The TCP port on 127.0.0.1.</summary>
    /// <value>0: an ephemeral port chosen by the operating system (read it from <see cref="ApiHttpsServer.Url"/>).</value>
    public int Port { get; init; }

    /// <summary>The TLS certificate, with its private key, valid for 127.0.0.1 (and <c>localhost</c>).</summary>
    public required X509Certificate2 ServingCertificate { get; init; }

    /// <summary>
    /// The token every request must carry; requests without it get 401 Unauthorized. Null serves an aggregated API: the
    /// front proxy (kube-apiserver's aggregator) authenticated the caller and names it in <c>X-Remote-User</c>.
    /// </summary>
    public required BearerToken? Token { get; init; }

    /// <summary>The user name that authenticated requests are attributed to.</summary>
    /// <value><c>system:admin</c>.</value>
    public string User { get; init; } = "system:admin";

    /// <summary>How long stopping waits for requests in flight (watches end at once when the server stops).</summary>
    /// <value>2 seconds.</value>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where Kestrel logs (warnings and errors only; nothing is logged per request).</summary>
    /// <value>null: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; init; }
}
