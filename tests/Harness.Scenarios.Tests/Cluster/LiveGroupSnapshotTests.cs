using System.Text.Json.Nodes;
using Harness.Scenarios.Cluster;
using k8s;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>
/// A VolumeGroupSnapshot over two labelled claims on every backend, the <c>groupsnapshot.storage.k8s.io</c> CRDs served
/// by the API server (the real kube-apiserver when <c>KUBEBUILDER_ASSETS</c> names it): cut by the
/// <c>harness-csi-driver</c> process, members ready, then deleted with everything it made.
/// </summary>
public sealed class LiveGroupSnapshotTests
{
    private const string Group = "groupsnapshot.storage.k8s.io";
    private const string Version = "v1beta1";

    [SkippableTheory]
    [InlineData("embedded")]
    [InlineData("binaries")]
    public async Task GroupSnapshotOfTwoClaims_Ready_DeletedWithItsMembers(string backend)
    {
        await using var environment = await LiveFlow.StartEnvironmentAsync(backend);
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System);
        var client = environment.Client;
        foreach (var name in new[] { "db-a", "db-b" })
        {
            var claim = LiveFlow.Claim(name);
            claim.Metadata.Labels = new Dictionary<string, string> { ["app"] = "db" };
            await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, LiveFlow.Ns);
        }

        await client.CustomObjects.CreateClusterCustomObjectAsync(
            JsonNode.Parse("""
                {"apiVersion":"groupsnapshot.storage.k8s.io/v1beta1","kind":"VolumeGroupSnapshotClass",
                 "metadata":{"name":"group","annotations":{"groupsnapshot.storage.kubernetes.io/is-default-class":"true"}},
                 "driver":"csi.harness.kubevirt.io","deletionPolicy":"Delete"}
                """)!,
            Group, Version, "volumegroupsnapshotclasses");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            JsonNode.Parse("""
                {"apiVersion":"groupsnapshot.storage.k8s.io/v1beta1","kind":"VolumeGroupSnapshot","metadata":{"name":"db-backup"},
                 "spec":{"source":{"selector":{"matchLabels":{"app":"db"}}}}}
                """)!,
            Group, Version, LiveFlow.Ns, "volumegroupsnapshots");

        await LiveFlow.WaitForAsync("group snapshot ready", async () => (await GroupSnapshotAsync(client))?["status"]?["readyToUse"]?.GetValue<bool>() == true);
        var members = await VolumeSnapshotsAsync(client);
        Assert.Equal(2, members.Count);
        Assert.All(members, vs => Assert.Equal("db-backup", vs["status"]?["volumeGroupSnapshotName"]?.GetValue<string>()));

        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, LiveFlow.Ns, "volumegroupsnapshots", "db-backup");
        await LiveFlow.WaitForAsync("group snapshot gone", async () => await GroupSnapshotAsync(client) is null);
        Assert.Empty(await VolumeSnapshotsAsync(client));
        Assert.Empty((await client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(Group, Version, "volumegroupsnapshotcontents"))["items"]!.AsArray());
    }

    private static async Task<JsonObject?> GroupSnapshotAsync(IKubernetes client)
    {
        var items = (await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(Group, Version, LiveFlow.Ns, "volumegroupsnapshots"))["items"]!.AsArray();
        return items.FirstOrDefault()?.AsObject();
    }

    private static async Task<List<JsonObject>> VolumeSnapshotsAsync(IKubernetes client) =>
        [.. (await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>("snapshot.storage.k8s.io", "v1", LiveFlow.Ns, "volumesnapshots"))["items"]!.AsArray().Select(i => i!.AsObject())];
}
