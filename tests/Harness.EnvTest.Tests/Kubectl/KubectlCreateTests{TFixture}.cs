using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Tests.Environment;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>
/// kubectl's imperative <c>create</c> commands, which send protobuf bodies (<c>application/vnd.kubernetes.protobuf</c>):
/// each must store exactly what the same object sent as JSON (<c>--dry-run=client -o json | kubectl create -f -</c>) stores.
/// </summary>
public abstract class KubectlCreateTests<TFixture> : IAsyncLifetime
    where TFixture : ApiServerBackendFixture
{
    private const string ProtobufContentType = "Content-Type: application/vnd.kubernetes.protobuf";

    private static readonly byte[] BinaryFile = [0x62, 0x69, 0x6e, 0x00, 0x01, 0xfe, 0xff];

    private static int s_counter;

    private readonly TFixture _fixture;

    private readonly TemporaryFolder _files = TemporaryFolder.Create("kubectl-create-");

    protected KubectlCreateTests(TFixture fixture)
    {
        _fixture = fixture;
        Namespace = $"kubectl-create-{Interlocked.Increment(ref s_counter)}-{System.Environment.ProcessId % 10000}";
    }

    private string Namespace { get; }

    private IKubernetes Client => _fixture.Environment.Client;

    private Kubectl Kubectl => new(_fixture.Environment.KubeconfigPath);

    public async Task InitializeAsync()
    {
        if (_fixture.SkipReason is null)
        {
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        }
    }

    public async Task DisposeAsync()
    {
        _files.Dispose();
        if (_fixture.SkipReason is null)
        {
            await Client.CoreV1.DeleteNamespaceAsync(Namespace);
        }
    }

    [SkippableFact]
    public async Task CreateConfigMap_LiteralsAndBinaryFile_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();
        var binary = WriteFile("blob.bin", BinaryFile);
        var text = WriteFile("notes.txt", "line one\nline two\n"u8.ToArray());

        var stored = await AssertStoresWhatJsonStoresAsync("configmap", $"configmap {{0}} --from-literal=a=b --from-literal=empty= --from-file={binary} --from-file=note={text}");

        Assert.Equal(Convert.ToBase64String(BinaryFile), stored["binaryData"]!["blob.bin"]!.GetValue<string>());
        Assert.Equal("line one\nline two\n", stored["data"]!["note"]!.GetValue<string>());
        Assert.Equal(string.Empty, stored["data"]!["empty"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task CreateSecretGeneric_LiteralAndBinaryFile_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();
        var binary = WriteFile("key.bin", BinaryFile);

        var stored = await AssertStoresWhatJsonStoresAsync("secret", $"secret generic {{0}} --from-literal=user=admin --from-file={binary}");

        Assert.Equal(Convert.ToBase64String(BinaryFile), stored["data"]!["key.bin"]!.GetValue<string>());
        Assert.Equal("Opaque", stored["type"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task CreateSecretTls_CertificateAndKey_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=probe.example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var certificatePem = certificate.ExportCertificatePem();
        var cert = WriteFile("tls.crt", System.Text.Encoding.ASCII.GetBytes(certificatePem));
        var keyFile = WriteFile("tls.key", System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));

        var stored = await AssertStoresWhatJsonStoresAsync("secret", $"secret tls {{0}} --cert={cert} --key={keyFile}");

        Assert.Equal("kubernetes.io/tls", stored["type"]!.GetValue<string>());
        Assert.Equal(certificatePem, System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(stored["data"]!["tls.crt"]!.GetValue<string>())).TrimEnd('\n'));
    }

    [SkippableFact]
    public async Task CreateSecretDockerRegistry_Credentials_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();

        var stored = await AssertStoresWhatJsonStoresAsync("secret", "secret docker-registry {0} --docker-server=registry.example.com --docker-username=u --docker-password=p --docker-email=u@example.com");

        Assert.Equal("kubernetes.io/dockerconfigjson", stored["type"]!.GetValue<string>());
        var config = JsonNode.Parse(Convert.FromBase64String(stored["data"]![".dockerconfigjson"]!.GetValue<string>()))!;
        Assert.Equal("u", config["auths"]!["registry.example.com"]!["username"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task CreateNamespace_Name_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();
        var viaProtobuf = Namespace + "-pb";
        var viaJson = Namespace + "-json";
        try
        {
            var created = await Succeeds($"create namespace {viaProtobuf} -v=8");
            Assert.Contains(ProtobufContentType, created.Error);
            var manifest = await Succeeds($"create namespace {viaJson} --dry-run=client -o json");
            await Succeeds("create -f -", manifest.Output);

            var stored = await GetAsync($"namespace {viaProtobuf}");

            Assert.True(JsonNode.DeepEquals(Normalized(await GetAsync($"namespace {viaJson}")), Normalized(stored)), stored.ToJsonString());
            Assert.Equal(viaProtobuf, stored["metadata"]!["name"]!.GetValue<string>());
            Assert.Equal("Active", stored["status"]!["phase"]!.GetValue<string>());
        }
        finally
        {
            await Kubectl.RunAsync($"delete namespace {viaProtobuf} {viaJson} --ignore-not-found --wait=false");
        }
    }

    /// <summary>
    /// Runs <c>kubectl create</c> (which sends protobuf) and the same object through JSON, then compares what each stored
    /// apart from the fields the server sets per object. Returns the object stored from protobuf.
    /// </summary>
    private async Task<JsonObject> AssertStoresWhatJsonStoresAsync(string resource, string createArguments)
    {
        var created = await Succeeds($"create {string.Format(createArguments, "via-protobuf")} -n {Namespace} -v=8");
        Assert.Contains(ProtobufContentType, created.Error);
        var manifest = await Succeeds($"create {string.Format(createArguments, "via-json")} -n {Namespace} --dry-run=client -o json");
        await Succeeds($"create -n {Namespace} -f -", manifest.Output);

        var stored = await GetAsync($"{resource} via-protobuf -n {Namespace}");
        var fromJson = await GetAsync($"{resource} via-json -n {Namespace}");

        Assert.True(JsonNode.DeepEquals(Normalized(fromJson), Normalized(stored)), $"protobuf: {stored.ToJsonString()}\njson: {fromJson.ToJsonString()}");
        return stored;
    }

    private async Task<JsonObject> GetAsync(string target) => JsonNode.Parse((await Succeeds($"get {target} -o json")).Output)!.AsObject();

    private static JsonObject Normalized(JsonObject stored)
    {
        var copy = stored.DeepClone().AsObject();
        var metadata = copy["metadata"]!.AsObject();
        foreach (var field in new[] { "name", "uid", "resourceVersion", "creationTimestamp", "managedFields" })
        {
            metadata.Remove(field);
        }

        if (metadata["labels"] is JsonObject labels && labels.Remove("kubernetes.io/metadata.name") && labels.Count == 0)
        {
            metadata.Remove("labels");
        }

        return copy;
    }

    private string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_files.Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private async Task<KubectlResult> Succeeds(string arguments, string? standardInput = null)
    {
        var result = await Kubectl.RunAsync(arguments, standardInput);
        Assert.True(result.ExitCode == 0, $"kubectl {arguments}\n{result}");
        return result;
    }
}
