using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Harness.Reconciling;

/// <summary>
/// A self-signed CA made at start (ECDSA P-256) and the serving certificate it signs for <c>127.0.0.1</c> and
/// <c>localhost</c>: the CA goes into a webhook configuration's <c>caBundle</c>, the serving certificate into the
/// <see cref="WebhookServer"/>. Nothing is written to disk.
/// </summary>
public sealed class WebhookCertificates : IDisposable
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);
    private static readonly TimeSpan Validity = TimeSpan.FromDays(365);
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private WebhookCertificates(X509Certificate2 authority, X509Certificate2 serving)
    {
        Authority = authority;
        Serving = serving;
        CaBundle = Encoding.ASCII.GetBytes(authority.ExportCertificatePem());
    }

    /// <summary>The CA certificate (with its key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate (with its key) for 127.0.0.1 and localhost.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>The CA in PEM, as a webhook configuration's <c>clientConfig.caBundle</c> holds it.</summary>
    public byte[] CaBundle { get; }

    /// <summary>Makes a CA named <paramref name="commonName"/> and its serving certificate; validity from <paramref name="time"/>, serial numbers from <paramref name="random"/>.</summary>
    public static WebhookCertificates Create(string commonName, TimeProvider time, Random random)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        var now = time.GetUtcNow();
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest($"CN={commonName}", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        var authority = authorityRequest.CreateSelfSigned(now - ClockSkew, now + Validity);

        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var servingRequest = new CertificateRequest($"CN={commonName}-serving", servingKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        servingRequest.CertificateExtensions.Add(names.Build());
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        servingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var signed = servingRequest.Create(authority, now - ClockSkew, now + Validity - TimeSpan.FromMinutes(1), Serial(random));
        return new WebhookCertificates(authority, signed.CopyWithPrivateKey(servingKey));
    }

    public void Dispose()
    {
        Serving.Dispose();
        Authority.Dispose();
    }

    private static byte[] Serial(Random random)
    {
        var serial = new byte[16];
        random.NextBytes(serial);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}
