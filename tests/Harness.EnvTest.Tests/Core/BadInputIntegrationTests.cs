using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Core;

public sealed class BadInputIntegrationTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static async Task AssertNothingStoredAsync(InProcessServer env) =>
        Assert.Empty((await env.Client.CoreV1.ListConfigMapForAllNamespacesAsync()).Items);

    private static JsonObject Status(string body) => JsonNode.Parse(body)!.AsObject();

    [Fact]
    public async Task Create_MalformedJson_Answers400()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", ConfigMaps, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",");

        Assert.Equal(400, code);
        Assert.StartsWith("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error:", Status(body)["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("BadRequest", Status(body)["reason"]!.GetValue<string>());
        await AssertNothingStoredAsync(env);
    }

    [Fact]
    public async Task Create_MalformedYaml_Answers400()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", ConfigMaps, "apiVersion: v1\nkind: [ConfigMap\n", "application/yaml");

        Assert.Equal(400, code);
        Assert.Contains("error converting YAML to JSON", Status(body)["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(env);
    }

    [Fact]
    public async Task Create_YamlBody_IsAccepted()
    {
        await using var env = new InProcessServer();

        var (code, _, _) = await RawRequests.SendAsync(env.Server, "POST", ConfigMaps, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  count: \"3\"\n", "application/yaml");

        Assert.Equal(201, code);
        Assert.Equal("3", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("y", "default")).Data["count"]);
    }

    [Fact]
    public async Task Create_NoContentType_ReadsTheBodyAsJson()
    {
        await using var env = new InProcessServer();

        var (code, _, _) = await RawRequests.SendAsync(env.Server, "POST", ConfigMaps, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"raw\"}}", contentType: null);

        Assert.Equal(201, code);
        Assert.Equal("raw", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("raw", "default")).Metadata.Name);
    }

    [Fact]
    public async Task Create_UnknownContentType_Answers415()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", ConfigMaps, "x", "text/plain");

        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", Status(body)["reason"]!.GetValue<string>());
        await AssertNothingStoredAsync(env);
    }

    [Fact]
    public async Task Patch_UnknownContentType_Answers415ListingPatchTypes()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "PATCH", ConfigMaps + "/a", "{}", "application/json");

        Assert.Equal(415, code);
        Assert.Equal(
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
            Status(body)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_ProtobufOnlyAccept_Answers406()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "GET", ConfigMaps, accept: "application/vnd.kubernetes.protobuf");

        Assert.Equal(406, code);
        Assert.Equal("NotAcceptable", Status(body)["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_Collection_Answers405()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "PUT", ConfigMaps, "{}");

        Assert.Equal(405, code);
        Assert.Equal("MethodNotAllowed", Status(body)["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ApiVersionMismatch_Answers400()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", ConfigMaps, "{\"apiVersion\":\"v2\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}");

        Assert.Equal(400, code);
        Assert.Equal("the API version in the data (v2) does not match the expected API version (v1)", Status(body)["message"]!.GetValue<string>());
        await AssertNothingStoredAsync(env);
    }

    [Fact]
    public async Task Create_UnknownResource_Answers404()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", "/apis/nothing.example.com/v1/namespaces/default/things", "{}");

        Assert.Equal(404, code);
        Assert.Equal("the server could not find the requested resource", Status(body)["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("-dash")]
    public async Task Create_NameNotDnsSubdomain_Answers422(string name)
    {
        await using var env = new InProcessServer();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default"));

        Assert.Equal(
            $"ConfigMap \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueInvalid", "metadata.name"), (cause.Reason, cause.Field));
        await AssertNothingStoredAsync(env);
    }

    [Fact]
    public async Task Create_NoName_Answers422()
    {
        await using var env = new InProcessServer();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta() }, "default"));

        Assert.Equal("ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required", status.Message);
    }

    [Fact]
    public async Task Create_GenerateName_DrawsSuffixFromSeed()
    {
        await using var env = new InProcessServer();

        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "job-" } }, "default");

        Assert.Matches("^job-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
    }

    [Fact]
    public async Task Create_ResourceVersionSet_Answers500LikeKube()
    {
        await using var env = new InProcessServer();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", ResourceVersion = "5" } }, "default"));

        Assert.Equal("Internal error occurred: resourceVersion should not be set on objects to be created", status.Message);
        await AssertNothingStoredAsync(env);
    }

    [Fact]
    public async Task Create_DryRun_ValidatesButStoresNothing()
    {
        await using var env = new InProcessServer();
        var revision = env.Server.CurrentRevision;

        var preview = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default", dryRun: "All");
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "B" } }, "default", dryRun: "All"));

        Assert.Equal("a", preview.Metadata.Name);
        Assert.NotNull(preview.Metadata.Uid);
        Assert.Null(preview.Metadata.ResourceVersion);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal(revision, env.Server.CurrentRevision);
        await AssertNothingStoredAsync(env);
    }
}
