using Harness.Controller.Hosting;
using Harness.EnvTest.Security;
using k8s;

namespace Harness.Controller.Tests.Hosting;

/// <summary>
/// <see cref="KubeconfigReader"/> reads a JSON kubeconfig into the configuration KubernetesClient's YAML loader makes of
/// the same file, and hands anything else to that loader.
/// </summary>
public sealed class KubeconfigReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("harness-kubeconfig-reader-test-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Read_TheApiServersKubeconfig_IsJsonAndReadsAsTheYamlLoaderReadsIt()
    {
        using var authority = CertificateAuthority.Create("test-ca", TimeProvider.System, new Random(5));
        var path = Path.Combine(folder, "kubeconfig");
        KubeconfigFile.Write(path, new Uri("https://127.0.0.1:6443"), authority.CertificatePem, new BearerToken("a\"b\\c:#d'e{f}[g]&*!%@`|>-"));

        using var parsed = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, parsed.RootElement.ValueKind);
        AssertSame(KubernetesClientConfiguration.BuildConfigFromConfigFile(path), KubeconfigReader.Read(path));
        Assert.Equal(authority.Certificate.Thumbprint, Assert.Single(KubeconfigReader.Read(path).SslCaCerts).Thumbprint);
    }

    [Fact]
    public void Read_JsonWithEveryFieldTheConfigurationUses_ReadsAsTheYamlLoaderReadsIt()
    {
        var path = Path.Combine(folder, "kubeconfig.json");
        File.WriteAllText(path, """
            {
              "apiVersion": "v1",
              "kind": "Config",
              "preferences": {},
              "clusters": [
                {"name": "other", "cluster": {"server": "https://other:1"}},
                {"name": "c", "cluster": {"server": "https://example.test:6443", "insecure-skip-tls-verify": true, "tls-server-name": "api.example.test",
                 "extensions": [{"name": "x", "extension": {"any": ["thing"]}}]}}
              ],
              "users": [{"name": "u", "user": {"client-certificate": "certs/client.crt", "client-key": "certs/client.key", "as": "jane", "as-groups": ["g1", "g2"]}}],
              "contexts": [{"name": "ctx", "context": {"cluster": "c", "user": "u", "namespace": "ns1"}}],
              "current-context": "ctx",
              "FileName": "/ignored"
            }
            """);

        var json = KubeconfigReader.Read(path);

        AssertSame(KubernetesClientConfiguration.BuildConfigFromConfigFile(path), json);
        Assert.Equal(Path.Combine(folder, "certs", "client.crt"), json.ClientCertificateFilePath);
        Assert.Equal("ns1", json.Namespace);
        Assert.Equal("api.example.test", json.TlsServerName);
    }

    [Fact]
    public void Read_YamlOrAYamlFlowMapping_GoesToTheYamlLoader()
    {
        var yaml = Path.Combine(folder, "yaml");
        File.WriteAllText(yaml, "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: \"https://y:1\"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n");
        var flow = Path.Combine(folder, "flow");
        File.WriteAllText(flow, "{apiVersion: v1, kind: Config, clusters: [{name: c, cluster: {server: 'https://f:1'}}], users: [{name: u, user: {token: t}}], contexts: [{name: x, context: {cluster: c, user: u}}], current-context: x}\n");

        Assert.Equal("https://y:1", KubeconfigReader.Read(yaml).Host.TrimEnd('/'));
        Assert.Equal("https://f:1", KubeconfigReader.Read(flow).Host.TrimEnd('/'));
    }

    [Fact]
    public void Read_Missing_FailsAsTheYamlLoaderFails()
    {
        var missing = Path.Combine(folder, "missing");

        var expected = Assert.ThrowsAny<Exception>(() => KubernetesClientConfiguration.BuildConfigFromConfigFile(missing));
        var actual = Assert.ThrowsAny<Exception>(() => KubeconfigReader.Read(missing));

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    private static void AssertSame(KubernetesClientConfiguration expected, KubernetesClientConfiguration actual)
    {
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.CurrentContext, actual.CurrentContext);
        Assert.Equal(expected.Namespace, actual.Namespace);
        Assert.Equal(expected.AccessToken, actual.AccessToken);
        Assert.Equal(expected.SkipTlsVerify, actual.SkipTlsVerify);
        Assert.Equal(expected.TlsServerName, actual.TlsServerName);
        Assert.Equal(expected.ClientCertificateFilePath, actual.ClientCertificateFilePath);
        Assert.Equal(expected.ClientKeyFilePath, actual.ClientKeyFilePath);
        Assert.Equal(expected.Username, actual.Username);
        Assert.Equal(expected.Password, actual.Password);
        Assert.Equal(
            expected.SslCaCerts?.Select(certificate => certificate.Thumbprint) ?? [],
            actual.SslCaCerts?.Select(certificate => certificate.Thumbprint) ?? []);
    }
}
