using System.Net;
using Harness.EnvTest.Security;

namespace Harness.EnvTest.Tests.Security;

public sealed class KubeconfigFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("harness-kubeconfig-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_ServerCaAndToken_ReadsBackAsTheCurrentContext()
    {
        using var authority = CertificateAuthority.Create("test-ca", TimeProvider.System, new Random(5));
        var token = BearerToken.Generate(new Random(6));
        var path = Path.Combine(_folder, "nested", "kubeconfig");

        var configuration = KubeconfigFile.Write(path, new Uri("https://127.0.0.1:6443/ignored/path"), authority.CertificatePem, token);

        Assert.Equal("https://127.0.0.1:6443", configuration.Host.TrimEnd('/'));
        Assert.Equal(token.Value, configuration.AccessToken);
        Assert.Equal(KubeconfigFile.ContextName, configuration.CurrentContext);
        Assert.Equal(authority.Certificate.Thumbprint, Assert.Single(configuration.SslCaCerts).Thumbprint);
        Assert.False(configuration.SkipTlsVerify);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Write_TokenWithYamlSpecialCharacters_KubernetesClientReadsTheFileAsReturned()
    {
        using var authority = CertificateAuthority.Create("test-ca", TimeProvider.System, new Random(5));
        var token = new BearerToken("a\"b\\c:#d'e{f}[g]&*!%@`|>-");
        var path = Path.Combine(_folder, "kubeconfig");

        var returned = KubeconfigFile.Write(path, new Uri("https://localhost:7443"), authority.CertificatePem, token);
        var readBack = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(new FileInfo(path));

        Assert.Equal(token.Value, readBack.AccessToken);
        Assert.Equal(returned.AccessToken, readBack.AccessToken);
        Assert.Equal(returned.Host.TrimEnd('/'), readBack.Host.TrimEnd('/'));
        Assert.Equal(returned.CurrentContext, readBack.CurrentContext);
        Assert.Equal(returned.SkipTlsVerify, readBack.SkipTlsVerify);
        Assert.Equal(returned.TlsServerName, readBack.TlsServerName);
        Assert.Equal(
            returned.SslCaCerts.Select(certificate => certificate.Thumbprint),
            readBack.SslCaCerts.Select(certificate => certificate.Thumbprint));
    }

    [Fact]
    public void IssueServingCertificate_LoopbackAndLocalhost_IsSignedByTheAuthorityForServerAuth()
    {
        using var authority = CertificateAuthority.Create("test-ca", TimeProvider.System, new Random(5));

        using var serving = authority.IssueServingCertificate(["localhost"], [IPAddress.Loopback]);

        Assert.True(serving.HasPrivateKey);
        Assert.Equal(authority.Certificate.Subject, serving.Issuer);
        Assert.True(serving.MatchesHostname("127.0.0.1"));
        Assert.True(serving.MatchesHostname("localhost"));
        Assert.False(serving.MatchesHostname("example.com"));
        Assert.Throws<ArgumentException>(() => authority.IssueServingCertificate([], []));
    }
}
