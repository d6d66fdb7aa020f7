using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Core;

[Collection(ClusterCollection.Name)]
public sealed class BadInputIntegrationTests(ClusterFixture clusters)
{
    private static string ConfigMaps(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/configmaps";

    private static async Task AssertNothingStoredAsync(ClusterScope cluster) =>
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items);

    private static JsonObject Status(string body) => JsonNode.Parse(body)!.AsObject();

    [SkippableTheory, Backends]
    public async Task Create_MalformedJson_Answers400(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",");

        Assert.Equal(400, code);
        Assert.StartsWith("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error:", Status(body)["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("BadRequest", Status(body)["reason"]!.GetValue<string>());
        await AssertNothingStoredAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task Create_MalformedYaml_Answers400(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), "apiVersion: v1\nkind: [ConfigMap\n", "application/yaml");

        Assert.Equal(400, code);
        Assert.Equal(
            "the object provided is unrecognized (must be of type ConfigMap): yaml: line 2: did not find expected ',' or ']' (61706956657273696f6e3a2076310a6b696e643a205b436f6e6669674d61 ...)",
            Status(body)["message"]!.GetValue<string>());
        await AssertNothingStoredAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task Create_YamlBody_IsAccepted(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, _) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yml\ndata:\n  count: \"3\"\n", "application/yaml");

        Assert.Equal(201, code);
        Assert.Equal("3", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("yml", cluster.Namespace)).Data["count"]);
    }

    [SkippableTheory, Backends]
    public async Task Create_YamlPlainScalars_AreTypedAsGoYamlTypesThemKeysIncluded(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (boolName, boolBody) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), "metadata:\n  name: y\n", "application/yaml");
        var (code, body) = await cluster.SendAsync(
            HttpMethod.Post, ConfigMaps(cluster), "metadata:\n  name: keys\n  labels:\n    y: \"1\"\n    off: \"2\"\n    012: \"3\"\n    0x1F: \"4\"\ndata:\n  n: x\n", "application/yaml");

        Assert.Equal(400, boolName);
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string",
            Status(boolBody)["message"]!.GetValue<string>());
        Assert.True(code == 201, body);
        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("keys", cluster.Namespace);
        Assert.Equal(new Dictionary<string, string> { ["true"] = "1", ["false"] = "2", ["10"] = "3", ["31"] = "4" }, stored.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["false"] = "x" }, stored.Data);
    }

    [SkippableTheory, Backends]
    public async Task Create_NoContentType_ReadsTheBodyAsJson(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, _) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"raw\"}}", contentType: null);

        Assert.Equal(201, code);
        Assert.Equal("raw", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("raw", cluster.Namespace)).Metadata.Name);
    }

    [SkippableTheory, Backends]
    public async Task Create_UnknownContentType_Answers415(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), "x", "text/plain");

        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", Status(body)["reason"]!.GetValue<string>());
        await AssertNothingStoredAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task Patch_UnknownContentType_Answers415FromTheRouter(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, cluster.Namespace);

        var (code, body) = await cluster.SendAsync(HttpMethod.Patch, ConfigMaps(cluster) + "/a", "{}", "application/json");

        Assert.Equal(415, code);
        Assert.Equal(("415: Unsupported Media Type", "UnsupportedMediaType"), (Status(body)["message"]!.GetValue<string>(), Status(body)["reason"]!.GetValue<string>()));
    }

    [SkippableTheory, Backends]
    public async Task Get_UnservedAccept_Answers406ListingTheRoutesRepresentations(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Get, ConfigMaps(cluster), accept: "application/xml");

        Assert.Equal(406, code);
        Assert.Equal("NotAcceptable", Status(body)["reason"]!.GetValue<string>());
        Assert.Equal(
            "406: Not Acceptable\n\nAvailable representations: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch",
            Status(body)["message"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Put_Collection_Answers405(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Put, ConfigMaps(cluster), "{}");

        Assert.Equal(405, code);
        Assert.Equal("MethodNotAllowed", Status(body)["reason"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Create_ApiVersionMismatch_Answers400(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps(cluster), "{\"apiVersion\":\"v2\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}");

        Assert.Equal(400, code);
        Assert.Equal(
            "ConfigMap in version \"v2\" cannot be handled as a ConfigMap: no kind \"ConfigMap\" is registered for version \"v2\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"",
            Status(body)["message"]!.GetValue<string>());
        await AssertNothingStoredAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task Create_UnknownResource_Answers404(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var unknownGroup = await cluster.SendAsync(HttpMethod.Post, $"/apis/nothing.example.com/v1/namespaces/{cluster.Namespace}/things", "{}");
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{cluster.Namespace}/things", "{}");

        Assert.Equal((404, "404 page not found\n"), unknownGroup);
        Assert.Equal(404, code);
        Assert.Equal("the server could not find the requested resource", Status(body)["message"]!.GetValue<string>());
    }

    [SkippableTheory]
    [BackendsData("Upper")]
    [BackendsData("under_score")]
    [BackendsData("-dash")]
    public async Task Create_NameNotDnsSubdomain_Answers422(Backend backend, string name)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, cluster.Namespace));

        Assert.Equal(
            $"ConfigMap \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueInvalid", "metadata.name"), (cause.Reason, cause.Field));
        await AssertNothingStoredAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task Create_NoName_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta() }, cluster.Namespace));

        Assert.Equal("ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required", status.Message);
    }

    [SkippableTheory, Backends]
    public async Task Create_GenerateName_DrawsSuffixFromSeed(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "job-" } }, cluster.Namespace);

        Assert.Matches("^job-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
    }

    [SkippableTheory, Backends]
    public async Task Create_ResourceVersionSet_Answers500LikeKube(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () =>
            cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", ResourceVersion = "5" } }, cluster.Namespace));

        Assert.Equal(("resourceVersion should not be set on objects to be created", null), (status.Message, status.Reason));
        await AssertNothingStoredAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task Create_DryRun_ValidatesButStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var before = (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Metadata.ResourceVersion;

        var preview = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, cluster.Namespace, dryRun: "All");
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "B" } }, cluster.Namespace, dryRun: "All"));

        Assert.Equal("a", preview.Metadata.Name);
        Assert.NotNull(preview.Metadata.Uid);
        Assert.Null(preview.Metadata.ResourceVersion);
        Assert.Equal("Invalid", status.Reason);
        await AssertNothingStoredAsync(cluster);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, cluster.Namespace);
        var (type, written) = await cluster.Client.CoreV1.WatchListNamespacedConfigMapAsync(cluster.Namespace, resourceVersion: before, timeoutSeconds: 30).FirstAsync();
        Assert.Equal((WatchEventType.Added, "c"), (type, written.Metadata.Name)); // the first write since the dry runs is this one
    }
}
