using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Harness.EnvTest.Admission;

/// <summary>Calls admission webhooks over HTTPS, trusting the webhook's <c>caBundle</c> when it has one.</summary>
public sealed class HttpWebhookCaller : IWebhookCaller
{
    /// <inheritdoc />
    public async ValueTask<AdmissionReview> CallAsync(Uri url, byte[]? caBundle, AdmissionReview review, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var handler = new SocketsHttpHandler();
        if (caBundle is { Length: > 0 })
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(Encoding.ASCII.GetString(caBundle));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, roots);
        }

        using var client = new HttpClient(handler) { Timeout = timeout };
        using var response = await client.PostAsJsonAsync(url, review, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<AdmissionReview>(cancellationToken)
            ?? throw new InvalidOperationException("the webhook answered an empty body");
    }

    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
