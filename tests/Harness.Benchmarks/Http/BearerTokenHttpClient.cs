using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace Harness.Benchmarks.Http;

/// <summary>A plain <see cref="HttpClient"/> for the API server of a client configuration: its CA, its bearer token.</summary>
internal static class BearerTokenHttpClient
{
    public static HttpClient Create(KubernetesClientConfiguration config, TimeSpan timeout)
    {
        var authority = config.SslCaCerts;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(config.Host), Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
        return client;
    }
}
