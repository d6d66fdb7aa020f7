using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// Unknown fields at any depth of built-in kinds, as kube-apiserver's strict decoding of their Go types finds them: reported
/// per <c>fieldValidation</c> and never stored, through KubernetesClient and the in-process handler.
/// </summary>
public sealed class BuiltInFieldValidationIntegrationTests
{
    private const string PodWithUnknownFields = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1"},
         "spec":{"containers":[{"name":"c","image":"nginx","imag":"typo"},{"name":"d","image":"busybox","ports":[{"containerPort":80,"hostPrt":8080}]}]}}
        """;

    private const string CrdWithUnknownSchemaFields = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{
           "spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{
            "color":{"type":"string","default":"red","colour":"blue"},
            "sizes":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"integer","minimum":0,"maxi":9}},
            "shape":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"default":{"anything":{"goes":true}},"x-kubernetes-validations":[{"rule":"true","mesage":"m"}]}}}}}}}]}}
        """;

    private static Dictionary<string, string> Query(string fieldValidation) => new() { ["fieldValidation"] = fieldValidation };

    private static async Task<JsonNode> ReadRawAsync(InProcessServer env, string path)
    {
        var (code, _, body) = await RawRequests.SendAsync(env.Server, "GET", path);
        Assert.Equal(200, code);
        return JsonNode.Parse(body)!;
    }

    private static async Task<ApiResponse> CreateAsync(InProcessServer env, string path, string body, string? fieldValidation, string contentType = "application/json") =>
        await env.Server.HandleAsync(new ApiRequest
        {
            Method = "POST",
            Path = path,
            ContentType = contentType,
            Body = Encoding.UTF8.GetBytes(body),
            Query = fieldValidation is null ? new Dictionary<string, string>() : Query(fieldValidation),
        }, CancellationToken.None);

    [Fact]
    public async Task CreatePod_StrictWithNestedUnknownFields_IsBadRequestListingAllAndStoresNothing()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", "/api/v1/namespaces/default/pods", PodWithUnknownFields, query: Query("Strict"));

        Assert.Equal(400, code);
        var status = JsonNode.Parse(body)!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal(
            "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imag\", unknown field \"spec.containers[1].ports[0].hostPrt\"",
            status["message"]!.GetValue<string>());
        Assert.Empty((await env.Client.CoreV1.ListNamespacedPodAsync("default")).Items);
    }

    [Fact]
    public async Task CreatePod_DefaultIsWarn_WarnsPerFieldAndStoresWithoutThem()
    {
        await using var env = new InProcessServer();

        var response = await CreateAsync(env, "/api/v1/namespaces/default/pods", PodWithUnknownFields, fieldValidation: null);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(["unknown field \"spec.containers[0].imag\"", "unknown field \"spec.containers[1].ports[0].hostPrt\""], response.Warnings);
        var stored = await ReadRawAsync(env, "/api/v1/namespaces/default/pods/p1");
        var container = stored["spec"]!["containers"]![0]!.AsObject();
        Assert.False(container.ContainsKey("imag"));
        Assert.Equal("nginx", container["image"]!.GetValue<string>());
        Assert.Equal("""[{"containerPort":80,"protocol":"TCP"}]""", stored["spec"]!["containers"]![1]!["ports"]!.ToJsonString());
    }

    [Fact]
    public async Task CreatePod_WarnThroughKubernetesClient_AnswersWarningHeaders()
    {
        await using var env = new InProcessServer();
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p1", OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "c", Uid = "u1" }] },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        };
        var body = JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject();
        body["metadata"]!["ownerReferences"]![0]!["controler"] = true;

        using var response = await env.Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(body, string.Empty, "v1", "default", "pods", fieldValidation: "Warn");

        Assert.Equal(["299 - \"unknown field \\\"metadata.ownerReferences[0].controler\\\"\""], response.Response.Headers.GetValues("Warning"));
        var stored = await env.Client.CoreV1.ReadNamespacedPodAsync("p1", "default");
        Assert.Equal("c", Assert.Single(stored.Metadata.OwnerReferences).Name);
    }

    [Fact]
    public async Task CreatePod_Ignore_DropsUnknownFieldsSilently()
    {
        await using var env = new InProcessServer();

        var response = await CreateAsync(env, "/api/v1/namespaces/default/pods", PodWithUnknownFields, "Ignore");

        Assert.Equal(201, response.StatusCode);
        Assert.Empty(response.Warnings ?? []);
        var stored = await ReadRawAsync(env, "/api/v1/namespaces/default/pods/p1");
        Assert.Null(stored["spec"]!["containers"]![0]!["imag"]);
    }

    [Fact]
    public async Task CreateConfigMap_StrictWithUnknownAndRepeatedKeys_ListsThemInDocumentOrderAndNothingInsideUnknownFields()
    {
        await using var env = new InProcessServer();
        const string Body = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","bogus":1,"name":"c2","labels":{"a":"1","a":"2"}},
             "spec":{"x":1,"x":2},"data":{"k":"v"},"spec":3}
            """;

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", "/api/v1/namespaces/default/configmaps", Body, query: Query("Strict"));

        Assert.Equal(400, code);
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"metadata.bogus\", duplicate field \"metadata.name\", duplicate field \"metadata.labels.a\", unknown field \"spec\"",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateCrd_WarnWithUnknownSchemaFields_ReportsThemThroughPropertiesMapsAndKeepsFreeFormValues()
    {
        await using var env = new InProcessServer();

        var response = await CreateAsync(env, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", CrdWithUnknownSchemaFields, "Warn");

        Assert.Equal(201, response.StatusCode);
        const string Properties = "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties";
        Assert.Equal(
            [$"unknown field \"{Properties}.color.colour\"", $"unknown field \"{Properties}.shape.x-kubernetes-validations[0].mesage\""],
            response.Warnings);
        var crd = await env.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("gadgets.example.com");
        var spec = crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];
        Assert.True(spec.XKubernetesPreserveUnknownFields);
        Assert.Equal("set", spec.Properties["sizes"].XKubernetesListType);
        var stored = await ReadRawAsync(env, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com");
        var properties = stored["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!;
        Assert.Null(properties["color"]!["colour"]);
        Assert.Equal("""{"type":"integer","minimum":0}""", properties["sizes"]!["items"]!.ToJsonString());
        Assert.Equal("""{"anything":{"goes":true}}""", properties["shape"]!["default"]!.ToJsonString());
    }

    [Fact]
    public async Task CreateCrd_StrictWithUnknownSchemaField_IsBadRequestAndStoresNothing()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(
            env.Server, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", CrdWithUnknownSchemaFields, query: Query("Strict"));

        Assert.Equal(400, code);
        Assert.Equal(
            "CustomResourceDefinition in version \"v1\" cannot be handled as a CustomResourceDefinition: strict decoding error: "
                + "unknown field \"spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.color.colour\", "
                + "unknown field \"spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.shape.x-kubernetes-validations[0].mesage\"",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.DoesNotContain((await env.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items, c => c.Metadata.Name == "gadgets.example.com");
    }

    [Fact]
    public async Task CreateCrd_StrictWithRepeatedKeys_ReportsThemOnlyWhereTheGoTypeDecodesKeys()
    {
        await using var env = new InProcessServer();
        var body = CrdWithUnknownSchemaFields
            .Replace("\"colour\":\"blue\"", "\"type\":\"string\"", StringComparison.Ordinal)
            .Replace("\"default\":{\"anything\":{\"goes\":true}}", "\"default\":{\"a\":1,\"a\":2}", StringComparison.Ordinal)
            .Replace("\"maxi\":9", "\"minimum\":1", StringComparison.Ordinal);

        var (code, _, response) = await RawRequests.SendAsync(env.Server, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body, query: Query("Strict"));

        Assert.Equal(400, code);
        const string Properties = "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties";
        Assert.EndsWith(
            $"strict decoding error: duplicate field \"{Properties}.color.type\", unknown field \"{Properties}.shape.x-kubernetes-validations[0].mesage\"",
            JsonNode.Parse(response)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReplaceLease_StrictWithUnknownSpecField_IsBadRequestAndKeepsTheLease()
    {
        await using var env = new InProcessServer();
        var created = await env.Client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "l1" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } }, "default");
        var body = JsonNode.Parse(KubernetesJson.Serialize(created))!.AsObject();
        body["spec"]!["holderIdentity"] = "b";
        body["spec"]!["holder"] = "b";

        var (code, _, response) = await RawRequests.SendAsync(
            env.Server, "PUT", "/apis/coordination.k8s.io/v1/namespaces/default/leases/l1", body.ToJsonString(), query: Query("Strict"));

        Assert.Equal(400, code);
        Assert.Equal(
            "Lease in version \"v1\" cannot be handled as a Lease: strict decoding error: unknown field \"spec.holder\"",
            JsonNode.Parse(response)!["message"]!.GetValue<string>());
        Assert.Equal("a", (await env.Client.CoordinationV1.ReadNamespacedLeaseAsync("l1", "default")).Spec.HolderIdentity);
    }

    [Fact]
    public async Task CreatePod_YamlWithUnknownFields_ReportsThemInSortedKeyOrder()
    {
        await using var env = new InProcessServer();
        const string Yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p1
            zeta: 1
            spec:
              containers:
              - name: c
                image: nginx
                zimag: 1
                aimag: 2
            """;

        var response = await CreateAsync(env, "/api/v1/namespaces/default/pods", Yaml, "Warn", "application/yaml");

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(["unknown field \"spec.containers[0].aimag\"", "unknown field \"spec.containers[0].zimag\"", "unknown field \"zeta\""], response.Warnings);
    }

    [Fact]
    public async Task MergePatchPod_StrictWithNestedUnknownField_IsInvalidOnThePatchAndKeepsThePod()
    {
        await using var env = await WithPodAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""{"spec":{"activeDeadlineSeconds":5,"securityContext":{"runAsUser":1,"runAsUsr":2}}}""", V1Patch.PatchType.MergePatch), "p1", "default", fieldValidation: "Strict"));

        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueInvalid", "patch"), (cause.Reason, cause.Field));
        Assert.EndsWith(": strict decoding error: unknown field \"spec.securityContext.runAsUsr\"", cause.Message);
        Assert.Null((await env.Client.CoreV1.ReadNamespacedPodAsync("p1", "default")).Spec.ActiveDeadlineSeconds);
    }

    [Fact]
    public async Task JsonPatchPod_DefaultIsWarn_WarnsAndDropsTheField()
    {
        await using var env = await WithPodAsync();

        using var response = await env.Client.CoreV1.PatchNamespacedPodWithHttpMessagesAsync(
            new V1Patch("""[{"op":"add","path":"/spec/containers/0/imag","value":"x"},{"op":"replace","path":"/spec/containers/0/image","value":"busybox"}]""", V1Patch.PatchType.JsonPatch),
            "p1", "default");

        Assert.Equal(["299 - \"unknown field \\\"spec.containers[0].imag\\\"\""], response.Response.Headers.GetValues("Warning"));
        var container = (await ReadRawAsync(env, "/api/v1/namespaces/default/pods/p1"))["spec"]!["containers"]![0]!.AsObject();
        Assert.DoesNotContain("imag", container.Select(p => p.Key));
        Assert.Equal("busybox", container["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task StrategicMergePatchPod_StrictWithUnknownFields_ListsThemSortedByMessage()
    {
        await using var env = await WithPodAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""{"spec":{"zone":1,"containers":[{"name":"c","imag":"x"}]}}""", V1Patch.PatchType.StrategicMergePatch), "p1", "default", fieldValidation: "Strict"));

        Assert.EndsWith(
            ": strict decoding error: unknown field \"spec.containers[0].imag\", unknown field \"spec.zone\"",
            Assert.Single(status.Details.Causes).Message);
    }

    [Fact]
    public async Task StrategicMergePatchCrd_WarnWithUnknownFieldUnderPropertiesMap_LeavesTheMapKeysOutOfThePath()
    {
        await using var env = new InProcessServer();
        var crd = JsonNode.Parse(CrdWithUnknownSchemaFields)!.AsObject();
        var properties = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!.AsObject();
        properties["color"]!.AsObject().Remove("colour");
        properties["shape"]!["x-kubernetes-validations"]![0]!.AsObject().Remove("mesage");
        Assert.Equal(201, (await CreateAsync(env, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.ToJsonString(), "Strict")).StatusCode);
        properties["color"]!["colour"] = "blue";

        using var response = await env.Client.ApiextensionsV1.PatchCustomResourceDefinitionWithHttpMessagesAsync(
            new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["versions"] = crd["spec"]!["versions"]!.DeepClone() } }.ToJsonString(), V1Patch.PatchType.StrategicMergePatch),
            "gadgets.example.com");

        Assert.Equal(["299 - \"unknown field \\\"spec.versions[0].schema.openAPIV3Schema.properties.properties.colour\\\"\""], response.Response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task ApplyPod_WithUndeclaredNestedField_FailsAsStructuredMergeDiffDoesWhateverFieldValidationSays()
    {
        await using var env = new InProcessServer();
        const string Apply = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"default"},
             "spec":{"containers":[{"name":"c","image":"nginx","imag":"typo"}],"tolerations":[{"key":"k","efect":"NoSchedule"}]}}
            """;

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () => env.Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch(Apply, V1Patch.PatchType.ApplyPatch), "p1", "default", fieldManager: "tester", fieldValidation: "Ignore"));

        Assert.Null(status.Reason);
        Assert.Equal(
            "failed to create typed patch object (default/p1; /v1, Kind=Pod): errors:\n"
                + "  .spec.containers[name=\"c\"].imag: field not declared in schema\n"
                + "  .spec.tolerations[0].efect: field not declared in schema",
            status.Message);
        Assert.Empty((await env.Client.CoreV1.ListNamespacedPodAsync("default")).Items);
    }

    [Fact]
    public async Task ApplyCrd_WithFieldsOnlyTheGoTypeLacks_AppliesAndStoresWithoutThem()
    {
        await using var env = new InProcessServer();
        var crd = JsonNode.Parse(CrdWithUnknownSchemaFields)!.AsObject();
        var version = crd["spec"]!["versions"]![0]!.AsObject();
        var properties = version["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!.AsObject();
        properties["color"]!.AsObject().Remove("colour");
        properties["shape"]!["x-kubernetes-validations"]![0]!.AsObject().Remove("mesage");
        version["subresources"] = new JsonObject { ["status"] = new JsonObject { ["x"] = 1 } };

        var (code, _, body) = await RawRequests.SendAsync(
            env.Server, "PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com", crd.ToJsonString(), "application/apply-patch+yaml",
            query: new Dictionary<string, string> { ["fieldManager"] = "tester", ["fieldValidation"] = "Strict" });

        Assert.True(code == 201, body);
        var stored = (await ReadRawAsync(env, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com"))["spec"]!["versions"]![0]!;
        Assert.Equal("{}", stored["subresources"]!["status"]!.ToJsonString());
        Assert.Equal("""{"type":"integer","minimum":0}""", stored["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["sizes"]!["items"]!.ToJsonString());
    }

    [Fact]
    public async Task CreateEventsV1Event_StrictWithUnknownNestedField_NamesTheServedVersionsPath()
    {
        await using var env = new InProcessServer();
        const string Body = """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e1"},"eventTime":"2026-01-02T03:04:05.000000Z",
             "reportingController":"c","reportingInstance":"i","action":"A","reason":"R","type":"Normal",
             "regarding":{"kind":"Pod","name":"p","namspace":"default"}}
            """;

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", "/apis/events.k8s.io/v1/namespaces/default/events", Body, query: Query("Strict"));

        Assert.Equal(400, code);
        Assert.Equal(
            "Event in version \"v1\" cannot be handled as a Event: strict decoding error: unknown field \"regarding.namspace\"",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    private static async Task<InProcessServer> WithPodAsync()
    {
        var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = "p1" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } }, "default");
        return env;
    }
}
