using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>The external-snapshotter CEL rules the harness's VolumeSnapshot and VolumeSnapshotContent CRDs carry, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SnapshotCrdRuleTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task VolumeSnapshot_SourceIsImmutableAndClassNameNotEmpty(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var snapshots = $"/apis/snapshot.storage.k8s.io/v1/namespaces/{cluster.Namespace}/volumesnapshots";

        RawStatus.Invalid(
            await cluster.SendAsync(HttpMethod.Post, snapshots, Snapshot("empty-class", """{"source":{"persistentVolumeClaimName":"disk"},"volumeSnapshotClassName":""}""")),
            "spec.volumeSnapshotClassName: Invalid value: \"string\": volumeSnapshotClassName must not be the empty string when set");
        RawStatus.Succeeded(await cluster.SendAsync(HttpMethod.Post, snapshots, Snapshot("snap", """{"source":{"persistentVolumeClaimName":"disk"}}""")), 201);

        RawStatus.Invalid(
            await MergeAsync(cluster, $"{snapshots}/snap", """{"spec":{"source":{"persistentVolumeClaimName":"other"}}}"""),
            "spec.source.persistentVolumeClaimName: Invalid value: \"string\": persistentVolumeClaimName is immutable");
        RawStatus.Invalid(
            await MergeAsync(cluster, $"{snapshots}/snap", """{"spec":{"source":{"persistentVolumeClaimName":null,"volumeSnapshotContentName":"content"}}}"""),
            "spec.source: Invalid value: \"object\": persistentVolumeClaimName is required once set");
    }

    [SkippableTheory, Backends]
    public async Task VolumeSnapshotContent_NeedsBothRefFieldsAndKeepsItsVolumeMode(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Contents = "/apis/snapshot.storage.k8s.io/v1/volumesnapshotcontents";
        var name = cluster.UniqueName("content");

        RawStatus.Invalid(
            await cluster.SendAsync(HttpMethod.Post, Contents, Content(name, """{"name":"snap"}""")),
            "spec.volumeSnapshotRef: Invalid value: \"object\": both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set");
        RawStatus.Succeeded(await cluster.SendAsync(HttpMethod.Post, Contents, Content(name, $$"""{"name":"snap","namespace":"{{cluster.Namespace}}"}""")), 201);
        try
        {
            RawStatus.Invalid(
                await MergeAsync(cluster, $"{Contents}/{name}", """{"spec":{"sourceVolumeMode":"Block"}}"""),
                "spec.sourceVolumeMode: Invalid value: \"string\": sourceVolumeMode is immutable");
            RawStatus.Invalid(
                await MergeAsync(cluster, $"{Contents}/{name}", """{"spec":{"sourceVolumeMode":null}}"""),
                "spec: Invalid value: \"object\": sourceVolumeMode is required once set");
        }
        finally
        {
            await cluster.SendAsync(HttpMethod.Delete, $"{Contents}/{name}");
        }
    }

    private static Task<(int Code, string Body)> MergeAsync(ClusterScope cluster, string path, string patch) =>
        cluster.SendAsync(HttpMethod.Patch, path, patch, "application/merge-patch+json");

    private static string Snapshot(string name, string spec) => new JsonObject
    {
        ["apiVersion"] = "snapshot.storage.k8s.io/v1",
        ["kind"] = "VolumeSnapshot",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = JsonNode.Parse(spec),
    }.ToJsonString();

    private static string Content(string name, string reference) => new JsonObject
    {
        ["apiVersion"] = "snapshot.storage.k8s.io/v1",
        ["kind"] = "VolumeSnapshotContent",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["deletionPolicy"] = "Delete",
            ["driver"] = "csi.harness.kubevirt.io",
            ["source"] = new JsonObject { ["snapshotHandle"] = "snap-1" },
            ["sourceVolumeMode"] = "Filesystem",
            ["volumeSnapshotRef"] = JsonNode.Parse(reference),
        },
    }.ToJsonString();
}
