using System.Net;
using System.Security.Cryptography.X509Certificates;
using Harness.EnvTest.Security;

namespace Harness.EnvTest.Tests.Http;

/// <summary>A CA and a 127.0.0.1 serving certificate, and HTTP clients that trust only that CA.</summary>
internal sealed class TestServerCertificates : IDisposable
{
    public TestServerCertificates(int seed = 1)
    {
        Authority = CertificateAuthority.Create("harness-test-ca", TimeProvider.System, new Random(seed));
        Serving = Authority.IssueServingCertificate(["localhost"], [IPAddress.Loopback]);
    }

    public CertificateAuthority Authority { get; }

    public X509Certificate2 Serving { get; }

    public HttpClient CreateClient(Uri baseAddress, string? token, Version? version = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(Authority.Certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress };
        if (version is not null)
        {
            client.DefaultRequestVersion = version;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public void Dispose()
    {
        Serving.Dispose();
        Authority.Dispose();
    }
}
