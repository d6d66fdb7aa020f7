using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Crds;
using Harness.EnvTest.OpenApi;
using Harness.EnvTest.Requests;

namespace Harness.EnvTest.Tests.OpenApi;

public sealed class OpenApiDocumentsTests
{
    private static readonly string[] BuiltInKinds = ["Namespace", "ConfigMap", "Secret", "PersistentVolumeClaim", "PersistentVolume", "Pod", "Event"];

    private static readonly IReadOnlyList<OpenApiResource> Resources = CreateResources();

    private static readonly OpenApiDocuments Documents = new(Resources);

    [Fact]
    public void V3Index_ListsEveryGroupVersionWithHashedUrl()
    {
        var index = Documents.V3Index();

        var paths = index["paths"]!.AsObject();
        foreach (var resource in Resources)
        {
            var url = paths[resource.V3Path]!["serverRelativeURL"]!.GetValue<string>();
            Assert.StartsWith($"/openapi/v3/{resource.V3Path}?hash=", url, StringComparison.Ordinal);
            Assert.Equal(128, url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..].Length);
        }
    }

    [Fact]
    public void V3_EveryServedKind_HasSchemaWithGroupVersionKind()
    {
        foreach (var resource in Resources)
        {
            var document = Documents.V3(resource.V3Path)!;
            Assert.Equal("3.0.0", document["openapi"]!.GetValue<string>());
            var schemas = document["components"]!["schemas"]!.AsObject();
            foreach (var kind in new[] { resource.Kind, resource.Kind + "List" })
            {
                var match = schemas.Where(s => s.Value!["x-kubernetes-group-version-kind"] is JsonArray gvks
                    && gvks.Any(g => g!["group"]!.GetValue<string>() == resource.Group && g["version"]!.GetValue<string>() == resource.Version && g["kind"]!.GetValue<string>() == kind));
                Assert.Single(match);
            }
        }
    }

    [Fact]
    public void V3_PatchOperations_CarryGvkAndFieldValidationAsKubectlExpects()
    {
        var document = Documents.V3("apis/snapshot.kubevirt.io/v1alpha1")!;

        var patch = document["paths"]!["/apis/snapshot.kubevirt.io/v1alpha1/namespaces/{namespace}/virtualmachinesnapshots/{name}"]!["patch"]!;

        Assert.Equal("""{"group":"snapshot.kubevirt.io","kind":"VirtualMachineSnapshot","version":"v1alpha1"}""", patch["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
        var content = patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key);
        Assert.Equal(["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"], content);
    }

    [Fact]
    public void V3_CustomKind_PublishesCrdSchemaWithObjectMetaReference()
    {
        var document = Documents.V3("apis/snapshot.kubevirt.io/v1beta1")!;
        var schemas = document["components"]!["schemas"]!;

        var snapshot = schemas["io.kubevirt.snapshot.v1beta1.VirtualMachineSnapshot"]!;

        Assert.Equal("""[{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}]""", snapshot["properties"]!["metadata"]!["allOf"]!.ToJsonString());
        Assert.Equal("""["kind","name"]""", snapshot["properties"]!["spec"]!["properties"]!["source"]!["required"]!.ToJsonString());
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["ownerReferences"]!["x-kubernetes-patch-merge-key"]);
        Assert.Equal("#/components/schemas/io.kubevirt.snapshot.v1beta1.VirtualMachineSnapshot", schemas["io.kubevirt.snapshot.v1beta1.VirtualMachineSnapshotList"]!["properties"]!["items"]!["items"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void V3_NamespacedResource_HasCollectionItemStatusAndAllNamespacesPaths()
    {
        var paths = Documents.V3("apis/snapshot.kubevirt.io/v1beta1")!["paths"]!.AsObject();

        Assert.Contains("/apis/snapshot.kubevirt.io/v1beta1/namespaces/{namespace}/virtualmachinerestores", paths.Select(p => p.Key));
        Assert.Contains("/apis/snapshot.kubevirt.io/v1beta1/namespaces/{namespace}/virtualmachinerestores/{name}/status", paths.Select(p => p.Key));
        Assert.Contains("/apis/snapshot.kubevirt.io/v1beta1/virtualmachinerestores", paths.Select(p => p.Key));
        Assert.Equal("listSnapshotKubevirtIoV1beta1NamespacedVirtualMachineRestore", paths["/apis/snapshot.kubevirt.io/v1beta1/namespaces/{namespace}/virtualmachinerestores"]!["get"]!["operationId"]!.GetValue<string>());
    }

    [Fact]
    public void V3_ClusterScopedResource_HasNoNamespaceSegment()
    {
        var paths = Documents.V3("apis/snapshot.storage.k8s.io/v1")!["paths"]!.AsObject().Select(p => p.Key).ToArray();

        Assert.Contains("/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses/{name}", paths);
        Assert.DoesNotContain(paths, p => p.Contains("namespaces/{namespace}/volumesnapshotclasses", StringComparison.Ordinal));
    }

    [Fact]
    public void V2_HasEveryKindAndNoOpenApi3Keywords()
    {
        var v2 = Documents.V2();

        Assert.Equal("2.0", v2["swagger"]!.GetValue<string>());
        var definitions = v2["definitions"]!.AsObject();
        foreach (var resource in Resources)
        {
            Assert.Contains(definitions, d => d.Value!["x-kubernetes-group-version-kind"] is JsonArray gvks
                && gvks.Any(g => g!["kind"]!.GetValue<string>() == resource.Kind && g["version"]!.GetValue<string>() == resource.Version && g["group"]!.GetValue<string>() == resource.Group));
        }

        var text = v2.ToJsonString();
        Assert.DoesNotContain("\"nullable\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"anyOf\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("#/components/", text, StringComparison.Ordinal);
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Pod", v2["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}"]!["get"]!["responses"]!["200"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void V3_BuiltInPod_HasMergeKeyOnContainers()
    {
        var pod = Documents.V3("api/v1")!["components"]!["schemas"]!["io.k8s.api.core.v1.Pod"]!;

        var containers = pod["properties"]!["spec"]!["properties"]!["containers"]!;

        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf", 406)]
    [InlineData("/openapi/v2", "application/json", 200)]
    [InlineData("/openapi/v2", null, 200)]
    [InlineData("/openapi/v3", "application/json", 200)]
    [InlineData("/openapi/v3/apis/snapshot.kubevirt.io/v1beta1", "application/json", 200)]
    [InlineData("/openapi/v3/apis/snapshot.kubevirt.io/v9", "application/json", 404)]
    [InlineData("/openapi/v3/apis/snapshot.kubevirt.io/v1beta1", "application/com.github.proto-openapi.spec.v3@v1.0+protobuf", 406)]
    public void Handle_Request_AnswersAsKube(string path, string? accept, int status)
    {
        var response = (BufferedApiResponse)OpenApiEndpoint.Handle(new ApiRequest { Method = "GET", Path = path, Accept = accept }, Documents);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        var body = JsonNode.Parse(Encoding.UTF8.GetString(response.Body.Span))!;
        if (status != 200)
        {
            Assert.Equal("Status", body["kind"]!.GetValue<string>());
            Assert.Equal(status, body["code"]!.GetValue<int>());
        }
    }

    [Fact]
    public void Handle_IndexUrl_ServesTheDocumentItNames()
    {
        var index = JsonNode.Parse(Encoding.UTF8.GetString(((BufferedApiResponse)OpenApiEndpoint.Handle(new ApiRequest { Method = "GET", Path = "/openapi/v3" }, Documents)).Body.Span))!;
        var url = index["paths"]!["apis/cdi.kubevirt.io/v1beta1"]!["serverRelativeURL"]!.GetValue<string>();

        var response = (BufferedApiResponse)OpenApiEndpoint.Handle(new ApiRequest { Method = "GET", Path = url[..url.IndexOf('?', StringComparison.Ordinal)] }, Documents);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("io.kubevirt.cdi.v1beta1.DataVolume", Encoding.UTF8.GetString(response.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_Post_IsMethodNotAllowed()
    {
        var response = OpenApiEndpoint.Handle(new ApiRequest { Method = "POST", Path = "/openapi/v2" }, Documents);

        Assert.Equal(405, response.StatusCode);
    }

    private static List<OpenApiResource> CreateResources()
    {
        var resources = CrdManifests.ReadAllJson().SelectMany(OpenApiResource.FromCustomResourceDefinition).ToList();
        foreach (var kind in BuiltInKinds)
        {
            resources.Add(new OpenApiResource("", "v1", kind, kind.ToLowerInvariant() + "s", kind is not ("Namespace" or "PersistentVolume"), OpenApiResource.AllVerbs, kind is "Pod" or "Namespace" ? ["status"] : [], null));
        }

        resources.Add(new OpenApiResource("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, OpenApiResource.AllVerbs, [], null));
        resources.Add(new OpenApiResource("example.com", "v1", "Unknown", "unknowns", true, ["get", "list"], [], null));
        return resources;
    }
}
