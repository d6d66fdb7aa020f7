using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// Unknown fields at any depth of built-in kinds, as kube-apiserver's strict decoding of their Go types finds them: reported
/// per <c>fieldValidation</c> and never stored, through KubernetesClient and raw requests.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BuiltInFieldValidationIntegrationTests(ClusterFixture clusters)
{
    private const string PodWithUnknownFields = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1"},
         "spec":{"containers":[{"name":"c","image":"nginx","imag":"typo"},{"name":"d","image":"busybox","ports":[{"containerPort":80,"hostPrt":8080}]}]}}
        """;

    private const string CrdWithUnknownSchemaFields = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.GROUP"},
         "spec":{"group":"GROUP","scope":"Namespaced","names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{
           "spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{
            "color":{"type":"string","default":"red","colour":"blue"},
            "sizes":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"integer","minimum":0,"maxi":9}},
            "shape":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"default":{"anything":{"goes":true}},"x-kubernetes-validations":[{"rule":"true","mesage":"m"}]}}}}}}}]}}
        """;

    private const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static string Pods(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/pods";

    /// <summary>The gadgets CRD in a group of this test's own: its name is <c>gadgets.&lt;group&gt;</c>.</summary>
    private static string GadgetCrd(ClusterScope cluster) => CrdWithUnknownSchemaFields.Replace("GROUP", GadgetGroup(cluster), StringComparison.Ordinal);

    private static string GadgetGroup(ClusterScope cluster) => cluster.Namespace + ".example.com";

    private static string GadgetCrdName(ClusterScope cluster) => "gadgets." + GadgetGroup(cluster);

    private static string Query(string fieldValidation) => "?fieldValidation=" + fieldValidation;

    private static async Task<JsonNode> ReadRawAsync(ClusterScope cluster, string path)
    {
        var (code, body) = await cluster.GetAsync(path);
        Assert.Equal(200, code);
        return JsonNode.Parse(body)!;
    }

    private static Task<(int Code, string Body, string[] Warnings)> CreateAsync(
        ClusterScope cluster, string path, string body, string? fieldValidation, string contentType = "application/json") =>
        cluster.SendWithWarningsAsync(HttpMethod.Post, fieldValidation is null ? path : path + Query(fieldValidation), body, contentType);

    [SkippableTheory, Backends]
    public async Task CreatePod_StrictWithNestedUnknownFields_IsBadRequestListingAllAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, Pods(cluster) + Query("Strict"), PodWithUnknownFields);

        Assert.Equal(400, code);
        var status = JsonNode.Parse(body)!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal(
            "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imag\", unknown field \"spec.containers[1].ports[0].hostPrt\"",
            status["message"]!.GetValue<string>());
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_DefaultIsWarn_WarnsPerFieldAndStoresWithoutThem(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, Pods(cluster), PodWithUnknownFields, fieldValidation: null);

        Assert.Equal(201, response.Code);
        Assert.Equal(
            [WarningHeader.Of("unknown field \"spec.containers[0].imag\""), WarningHeader.Of("unknown field \"spec.containers[1].ports[0].hostPrt\"")], response.Warnings);
        var stored = await ReadRawAsync(cluster, Pods(cluster) + "/p1");
        var container = stored["spec"]!["containers"]![0]!.AsObject();
        Assert.False(container.ContainsKey("imag"));
        Assert.Equal("nginx", container["image"]!.GetValue<string>());
        Assert.Equal("""[{"containerPort":80,"protocol":"TCP"}]""", stored["spec"]!["containers"]![1]!["ports"]!.ToJsonString());
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_WarnThroughKubernetesClient_AnswersWarningHeaders(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var owner = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, cluster.Namespace); // else the garbage collector takes the pod
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p1", OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "c", Uid = owner.Metadata.Uid }] },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        };
        var body = JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject();
        body["metadata"]!["ownerReferences"]![0]!["controler"] = true;

        using var response = await cluster.Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(body, string.Empty, "v1", cluster.Namespace, "pods", fieldValidation: "Warn");

        Assert.Equal(["299 - \"unknown field \\\"metadata.ownerReferences[0].controler\\\"\""], response.Response.Headers.GetValues("Warning"));
        var stored = await cluster.Client.CoreV1.ReadNamespacedPodAsync("p1", cluster.Namespace);
        Assert.Equal("c", Assert.Single(stored.Metadata.OwnerReferences).Name);
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_Ignore_DropsUnknownFieldsSilently(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, Pods(cluster), PodWithUnknownFields, "Ignore");

        Assert.Equal(201, response.Code);
        Assert.Empty(response.Warnings);
        var stored = await ReadRawAsync(cluster, Pods(cluster) + "/p1");
        Assert.Null(stored["spec"]!["containers"]![0]!["imag"]);
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_StrictWithUnknownAndRepeatedKeys_ListsThemInDocumentOrderAndNothingInsideUnknownFields(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Body = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","bogus":1,"name":"c2","labels":{"a":"1","a":"2"}},
             "spec":{"x":1,"x":2},"data":{"k":"v"},"spec":3}
            """;

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{cluster.Namespace}/configmaps" + Query("Strict"), Body);

        Assert.Equal(400, code);
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"metadata.bogus\", duplicate field \"metadata.name\", duplicate field \"metadata.labels.a\", unknown field \"spec\"",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task CreateCrd_WarnWithUnknownSchemaFields_ReportsThemThroughPropertiesMapsAndKeepsFreeFormValues(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateAsync(cluster, Crds, GadgetCrd(cluster), "Warn");

        Assert.Equal(201, response.Code);
        const string Properties = "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties";
        Assert.Equal(
            [WarningHeader.Of($"unknown field \"{Properties}.color.colour\""), WarningHeader.Of($"unknown field \"{Properties}.shape.x-kubernetes-validations[0].mesage\"")],
            response.Warnings);
        var crd = await cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(GadgetCrdName(cluster));
        var spec = crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];
        Assert.True(spec.XKubernetesPreserveUnknownFields);
        Assert.Equal("set", spec.Properties["sizes"].XKubernetesListType);
        var stored = await ReadRawAsync(cluster, $"{Crds}/{GadgetCrdName(cluster)}");
        var properties = stored["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!;
        Assert.Null(properties["color"]!["colour"]);
        Assert.Equal("""{"type":"integer","minimum":0}""", properties["sizes"]!["items"]!.ToJsonString());
        Assert.Equal("""{"anything":{"goes":true}}""", properties["shape"]!["default"]!.ToJsonString());
        await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(GadgetCrdName(cluster));
    }

    [SkippableTheory, Backends]
    public async Task CreateCrd_StrictWithUnknownSchemaField_IsBadRequestAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, Crds + Query("Strict"), GadgetCrd(cluster));

        Assert.Equal(400, code);
        Assert.Equal(
            "CustomResourceDefinition in version \"v1\" cannot be handled as a CustomResourceDefinition: strict decoding error: "
                + "unknown field \"spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.color.colour\", "
                + "unknown field \"spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.shape.x-kubernetes-validations[0].mesage\"",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.DoesNotContain((await cluster.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items, c => c.Metadata.Name == GadgetCrdName(cluster));
    }

    [SkippableTheory, Backends]
    public async Task CreateCrd_StrictWithRepeatedKeys_ReportsThemOnlyWhereTheGoTypeDecodesKeys(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var body = GadgetCrd(cluster)
            .Replace("\"colour\":\"blue\"", "\"type\":\"string\"", StringComparison.Ordinal)
            .Replace("\"default\":{\"anything\":{\"goes\":true}}", "\"default\":{\"a\":1,\"a\":2}", StringComparison.Ordinal)
            .Replace("\"maxi\":9", "\"minimum\":1", StringComparison.Ordinal);

        var (code, response) = await cluster.SendAsync(HttpMethod.Post, Crds + Query("Strict"), body);

        Assert.Equal(400, code);
        const string Properties = "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties";
        Assert.EndsWith(
            $"strict decoding error: duplicate field \"{Properties}.color.type\", unknown field \"{Properties}.shape.x-kubernetes-validations[0].mesage\"",
            JsonNode.Parse(response)!["message"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task ReplaceLease_StrictWithUnknownSpecField_IsBadRequestAndKeepsTheLease(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "l1" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } }, cluster.Namespace);
        var body = JsonNode.Parse(KubernetesJson.Serialize(created))!.AsObject();
        body["spec"]!["holderIdentity"] = "b";
        body["spec"]!["holder"] = "b";

        var (code, response) = await cluster.SendAsync(HttpMethod.Put, $"/apis/coordination.k8s.io/v1/namespaces/{cluster.Namespace}/leases/l1" + Query("Strict"), body.ToJsonString());

        Assert.Equal(400, code);
        Assert.Equal(
            "Lease in version \"v1\" cannot be handled as a Lease: strict decoding error: unknown field \"spec.holder\"",
            JsonNode.Parse(response)!["message"]!.GetValue<string>());
        Assert.Equal("a", (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("l1", cluster.Namespace)).Spec.HolderIdentity);
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_YamlWithUnknownFields_ReportsThemInSortedKeyOrder(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
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

        var response = await CreateAsync(cluster, Pods(cluster), Yaml, "Warn", "application/yaml");

        Assert.Equal(201, response.Code);
        Assert.Equal(
            [WarningHeader.Of("unknown field \"spec.containers[0].aimag\""), WarningHeader.Of("unknown field \"spec.containers[0].zimag\""), WarningHeader.Of("unknown field \"zeta\"")],
            response.Warnings);
    }

    [SkippableTheory, Backends]
    public async Task MergePatchPod_StrictWithNestedUnknownField_IsInvalidOnThePatchAndKeepsThePod(Backend backend)
    {
        await using var cluster = await WithPodAsync(clusters, backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""{"spec":{"activeDeadlineSeconds":5,"securityContext":{"runAsUser":1,"runAsUsr":2}}}""", V1Patch.PatchType.MergePatch), "p1", cluster.Namespace, fieldValidation: "Strict"));

        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueInvalid", "patch"), (cause.Reason, cause.Field));
        Assert.EndsWith(": strict decoding error: unknown field \"spec.securityContext.runAsUsr\"", cause.Message);
        Assert.Null((await cluster.Client.CoreV1.ReadNamespacedPodAsync("p1", cluster.Namespace)).Spec.ActiveDeadlineSeconds);
    }

    [SkippableTheory, Backends]
    public async Task JsonPatchPod_DefaultIsWarn_WarnsAndDropsTheField(Backend backend)
    {
        await using var cluster = await WithPodAsync(clusters, backend);

        using var response = await cluster.Client.CoreV1.PatchNamespacedPodWithHttpMessagesAsync(
            new V1Patch("""[{"op":"add","path":"/spec/containers/0/imag","value":"x"},{"op":"replace","path":"/spec/containers/0/image","value":"busybox"}]""", V1Patch.PatchType.JsonPatch),
            "p1", cluster.Namespace);

        Assert.Equal(["299 - \"unknown field \\\"spec.containers[0].imag\\\"\""], response.Response.Headers.GetValues("Warning"));
        var container = (await ReadRawAsync(cluster, Pods(cluster) + "/p1"))["spec"]!["containers"]![0]!.AsObject();
        Assert.DoesNotContain("imag", container.Select(p => p.Key));
        Assert.Equal("busybox", container["image"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task StrategicMergePatchPod_StrictWithUnknownFields_ListsThemSortedByMessage(Backend backend)
    {
        await using var cluster = await WithPodAsync(clusters, backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""{"spec":{"zone":1,"containers":[{"name":"c","imag":"x"}]}}""", V1Patch.PatchType.StrategicMergePatch), "p1", cluster.Namespace, fieldValidation: "Strict"));

        Assert.EndsWith(
            ": strict decoding error: unknown field \"spec.containers[0].imag\", unknown field \"spec.zone\"",
            Assert.Single(status.Details.Causes).Message);
    }

    [SkippableTheory, Backends]
    public async Task StrategicMergePatchCrd_WarnWithUnknownFieldUnderPropertiesMap_LeavesTheMapKeysOutOfThePath(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = JsonNode.Parse(GadgetCrd(cluster))!.AsObject();
        var properties = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!.AsObject();
        properties["color"]!.AsObject().Remove("colour");
        properties["shape"]!["x-kubernetes-validations"]![0]!.AsObject().Remove("mesage");
        Assert.Equal(201, (await CreateAsync(cluster, Crds, crd.ToJsonString(), "Strict")).Code);
        properties["color"]!["colour"] = "blue";

        using var response = await cluster.Client.ApiextensionsV1.PatchCustomResourceDefinitionWithHttpMessagesAsync(
            new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["versions"] = crd["spec"]!["versions"]!.DeepClone() } }.ToJsonString(), V1Patch.PatchType.StrategicMergePatch),
            GadgetCrdName(cluster));

        Assert.Equal(["299 - \"unknown field \\\"spec.versions[0].schema.openAPIV3Schema.properties.properties.colour\\\"\""], response.Response.Headers.GetValues("Warning"));
        await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(GadgetCrdName(cluster));
    }

    [SkippableTheory, Backends]
    public async Task ApplyPod_WithUndeclaredNestedField_FailsAsStructuredMergeDiffDoesWhateverFieldValidationSays(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var apply = $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"{{{cluster.Namespace}}}"},
             "spec":{"containers":[{"name":"c","image":"nginx","imag":"typo"}],"tolerations":[{"key":"k","efect":"NoSchedule"}]}}
            """;

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () => cluster.Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch(apply, V1Patch.PatchType.ApplyPatch), "p1", cluster.Namespace, fieldManager: "tester", fieldValidation: "Ignore"));

        Assert.Null(status.Reason);
        var lines = status.Message.Split('\n');
        Assert.Equal($"failed to create typed patch object ({cluster.Namespace}/p1; /v1, Kind=Pod): errors:", lines[0]);
        Assert.Equal( // structured-merge-diff walks the object's Go maps, so kube-apiserver lists the fields in no fixed order
            ["  .spec.containers[name=\"c\"].imag: field not declared in schema", "  .spec.tolerations[0].efect: field not declared in schema"],
            lines[1..].Order(StringComparer.Ordinal));
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task ApplyCrd_WithFieldsOnlyTheGoTypeLacks_AppliesAndStoresWithoutThem(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = JsonNode.Parse(GadgetCrd(cluster))!.AsObject();
        var version = crd["spec"]!["versions"]![0]!.AsObject();
        var properties = version["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!.AsObject();
        properties["color"]!.AsObject().Remove("colour");
        properties["shape"]!["x-kubernetes-validations"]![0]!.AsObject().Remove("mesage");
        version["subresources"] = new JsonObject { ["status"] = new JsonObject { ["x"] = 1 } };

        var (code, body) = await cluster.SendAsync(HttpMethod.Patch, $"{Crds}/{GadgetCrdName(cluster)}?fieldManager=tester&fieldValidation=Strict", crd.ToJsonString(), "application/apply-patch+yaml");

        Assert.True(code == 201, body);
        var stored = (await ReadRawAsync(cluster, $"{Crds}/{GadgetCrdName(cluster)}"))["spec"]!["versions"]![0]!;
        Assert.Equal("{}", stored["subresources"]!["status"]!.ToJsonString());
        Assert.Equal("""{"type":"integer","minimum":0}""", stored["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["sizes"]!["items"]!.ToJsonString());
        await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(GadgetCrdName(cluster));
    }

    [SkippableTheory, Backends]
    public async Task CreateEventsV1Event_StrictWithUnknownNestedField_NamesTheServedVersionsPath(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Body = """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e1"},"eventTime":"2026-01-02T03:04:05.000000Z",
             "reportingController":"c","reportingInstance":"i","action":"A","reason":"R","type":"Normal",
             "regarding":{"kind":"Pod","name":"p","namspace":"default"}}
            """;

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/apis/events.k8s.io/v1/namespaces/{cluster.Namespace}/events" + Query("Strict"), Body);

        Assert.Equal(400, code);
        Assert.Equal(
            "Event in version \"v1\" cannot be handled as a Event: strict decoding error: unknown field \"regarding.namspace\"",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    private static async Task<ClusterScope> WithPodAsync(ClusterFixture clusters, Backend backend)
    {
        var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = "p1" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } }, cluster.Namespace);
        return cluster;
    }
}
