using System.Text.Json.Nodes;
using Harness.EnvTest.Protos.Core;
using Harness.EnvTest.Protos.Meta;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Schema;

namespace Harness.EnvTest.Tests.Serialization;

/// <summary>A protobuf body of each built-in kind is the object its JSON form is: created both ways, the two read back alike.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProtobufKindsIntegrationTests(ClusterFixture clusters)
{
    /// <summary>What differs in the metadata of two objects created alike: their names and what the server stamps on each.</summary>
    private static readonly string[] Stamped = ["name", "uid", "resourceVersion", "creationTimestamp", "managedFields"];

    [SkippableTheory, ProtobufKindSamples]
    public async Task Create_ProtobufBodyOfEachBuiltInKind_StoresWhatItsJsonFormStores(Backend backend, string sample)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var kind = ProtobufKindSample.All[sample];
        var collection = kind.Collection(cluster.Namespace);
        var (protobufName, jsonName) = (kind.Name("pb", cluster.Namespace), kind.Name("json", cluster.Namespace));
        var json = JsonNode.Parse(kind.Json(jsonName, cluster.Namespace))!.AsObject();
        json["apiVersion"] = kind.ApiVersion;
        json["kind"] = kind.Kind;

        var created = await cluster.SendBytesAsync(HttpMethod.Post, collection, ProtobufBodyIntegrationTests.Body(kind.ApiVersion, kind.Kind, kind.Message(protobufName, cluster.Namespace)), ProtobufBodyIntegrationTests.Protobuf);
        var reference = await cluster.SendAsync(HttpMethod.Post, collection, json.ToJsonString());
        var (_, protobufBody) = await cluster.GetAsync($"{collection}/{protobufName}");
        var (_, jsonBody) = await cluster.GetAsync($"{collection}/{jsonName}");
        if (!kind.Namespaced)
        {
            await cluster.SendAsync(HttpMethod.Delete, $"{collection}/{protobufName}");
            await cluster.SendAsync(HttpMethod.Delete, $"{collection}/{jsonName}");
        }

        Assert.True(created.Code == 201, created.Body);
        Assert.True(reference.Code == 201, reference.Body);
        var (fromProtobuf, fromJson) = (Unstamped(protobufBody, "pb-", "json-"), Unstamped(jsonBody, "pb-", "json-"));
        Assert.True(JsonNode.DeepEquals(fromJson, fromProtobuf), $"protobuf: {fromProtobuf.ToJsonString()}\njson:     {fromJson.ToJsonString()}");
    }

    [SkippableTheory, Backends]
    public async Task Create_InvalidProtobufClaim_Answers422WithKubesCausesAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var claims = $"/api/v1/namespaces/{cluster.Namespace}/persistentvolumeclaims";
        var claim = new PersistentVolumeClaim { Metadata = new ObjectMeta { Name = "bad" }, Spec = new PersistentVolumeClaimSpec { VolumeMode = "Sideways" } };

        var response = await cluster.SendBytesAsync(HttpMethod.Post, claims, ProtobufBodyIntegrationTests.Body("v1", "PersistentVolumeClaim", claim), ProtobufBodyIntegrationTests.Protobuf);

        RawStatus.Invalid(
            response,
            "spec.accessModes: Required value: at least 1 access mode is required",
            "spec.resources[storage]: Required value",
            "spec.volumeMode: Unsupported value: \"Sideways\": supported values: \"Block\", \"Filesystem\"");
        Assert.Equal(404, (await cluster.GetAsync($"{claims}/bad")).Code);
    }

    /// <summary>The object's JSON without what the server stamps (in its metadata, and its status, with times), with names made with <paramref name="prefix"/> read as made with <paramref name="as"/>.</summary>
    private static JsonNode Unstamped(string body, string prefix, string @as)
    {
        var obj = JsonNode.Parse(body.Replace(prefix, @as, StringComparison.Ordinal))!;
        foreach (var field in Stamped)
        {
            obj["metadata"]!.AsObject().Remove(field);
        }

        obj.AsObject().Remove("status");
        return obj;
    }
}
