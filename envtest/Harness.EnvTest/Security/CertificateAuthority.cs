using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Harness.EnvTest.Security;

/// <summary>
/// A self-signed certificate authority made at start (ECDSA P-256), which signs the serving
/// certificates of the API server and of the admission webhook. Nothing is written to disk unless asked.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromHours(1);
    private static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    private readonly TimeProvider _timeProvider;
    private readonly Random _random;

    private CertificateAuthority(X509Certificate2 certificate, TimeProvider timeProvider, Random random)
    {
        Certificate = certificate;
        _timeProvider = timeProvider;
        _random = random;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate in PEM form (what a kubeconfig's <c>certificate-authority-data</c> holds, base64-encoded).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Creates a new CA. Serial numbers come from <paramref name="random"/>, validity from <paramref name="timeProvider"/>.</summary>
    public static CertificateAuthority Create(string commonName, TimeProvider timeProvider, Random random)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = timeProvider.GetUtcNow();
        var certificate = request.Create(
            request.SubjectName,
            X509SignatureGenerator.CreateForECDsa(key),
            now - ClockSkewAllowance,
            now + Validity,
            SerialNumber(random));
        return new CertificateAuthority(certificate.CopyWithPrivateKey(key), timeProvider, random);
    }

    /// <summary>
    /// Issues a TLS server certificate (with its private key) for the given DNS names and IP addresses.
    /// </summary>
    public X509Certificate2 IssueServingCertificate(IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> ipAddresses)
    {
        if (dnsNames.Count == 0 && ipAddresses.Count == 0)
        {
            throw new ArgumentException("a serving certificate needs at least one DNS name or IP address");
        }

        var subjectAlternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            subjectAlternativeNames.AddDnsName(name);
        }

        foreach (var address in ipAddresses)
        {
            subjectAlternativeNames.AddIpAddress(address);
        }

        var commonName = dnsNames.Count > 0 ? dnsNames.First() : ipAddresses.First().ToString();
        return Issue(commonName, subjectAlternativeNames.Build(), new OidCollection { new("1.3.6.1.5.5.7.3.1") });
    }

    /// <summary>Issues a TLS client certificate whose subject names a Kubernetes user and its groups (O=).</summary>
    public X509Certificate2 IssueClientCertificate(string user, IReadOnlyCollection<string> groups)
    {
        var organizations = string.Concat(groups.Select(group => $", O={group}"));
        return Issue(user, null, new OidCollection { new("1.3.6.1.5.5.7.3.2") }, $"CN={user}{organizations}");
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string commonName, X509Extension? subjectAlternativeNames, OidCollection usages, string? subject = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject ?? $"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (subjectAlternativeNames is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeNames);
        }

        var now = _timeProvider.GetUtcNow();
        var notAfter = now + Validity < Certificate.NotAfter ? now + Validity : new DateTimeOffset(Certificate.NotAfter);
        using var certificate = request.Create(Certificate, now - ClockSkewAllowance, notAfter, SerialNumber(_random));
        return certificate.CopyWithPrivateKey(key);
    }

    private static byte[] SerialNumber(Random random)
    {
        var serial = new byte[16];
        random.NextBytes(serial);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}
