using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Api.Clones;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster;
using Harness.Simulators.GuestAgent;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>
/// The cloning facet: a golden image in a namespace of its own, DataVolumes cloned from it (CDI's host-assisted clone),
/// namespaces deleted; VirtualMachineClones.
/// </summary>
internal sealed partial class ControllerWorld
{
    /// <summary>Creates VirtualMachineClone <paramref name="name"/> of VM <paramref name="source"/> into a new VM <paramref name="target"/>, as upstream's <c>cloneVM</c>.</summary>
    public async Task<VirtualMachineClone> CreateCloneAsync(string name, string source, string target) =>
        Convert<VirtualMachineClone>(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = CloneApi.ApiVersion,
                ["kind"] = CloneApi.Kind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
                ["spec"] = new JsonObject
                {
                    ["source"] = new JsonObject { ["apiGroup"] = KubeVirtApi.Group, ["kind"] = KubeVirtApi.VirtualMachineKind, ["name"] = source },
                    ["target"] = new JsonObject { ["apiGroup"] = KubeVirtApi.Group, ["kind"] = KubeVirtApi.VirtualMachineKind, ["name"] = target },
                },
            },
            CloneApi.Group, CloneApi.V1Beta1, Namespace, CloneApi.Plural));

    /// <summary>How many objects of the <c>snapshot.kubevirt.io</c> resource <paramref name="plural"/> the case's namespace holds.</summary>
    public async Task<int> CountAsync(string plural) =>
        Convert<JsonObject>(await Client.CustomObjects.ListNamespacedCustomObjectAsync(
            SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, plural))["items"]!.AsArray().Count;

    /// <summary>Waits until the clone is Succeeded and has cleaned up (no snapshot or restore name left).</summary>
    public Task<VirtualMachineClone> WaitCloneDoneAsync(string name) =>
        WaitForAsync($"clone {name} Succeeded and cleaned up", async () =>
            Convert<VirtualMachineClone>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(CloneApi.Group, CloneApi.V1Beta1, Namespace, CloneApi.Plural, name))
                is { Status: { Phase: CloneApi.Phases.Succeeded, SnapshotName: null, RestoreName: null } } clone ? clone : null);

    /// <summary>The namespace of the golden image, beside the case's.</summary>
    public string GoldenNamespace => Namespace + "-golden";

    /// <summary>
    /// The upstream cases' cross-namespace clone source: DataVolume <c>golden</c> in <see cref="GoldenNamespace"/>, holding
    /// a guest's journal. A VM <c>writer</c> runs on the blank DataVolume <c>golden-data</c> of the case's namespace until
    /// its guest has written, stops, and <c>golden</c> is cloned from that claim, so its bytes come from a guest.
    /// </summary>
    public async Task<ClaimReference> GoldenImageAsync()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = GoldenNamespace } });
        await CreateDataVolumeAsync("golden-data");
        await WaitDataVolumeSucceededAsync("golden-data");
        await CreateVmAsync(new VmDefinition("writer") { DataVolumes = ["golden-data"] });
        await WaitRunningAsync("writer");
        await StopVmAsync("writer");
        await CreateClonedDataVolumeAsync(GoldenNamespace, "golden", new ClaimReference(Namespace, "golden-data"));
        await WaitDataVolumeSucceededAsync("golden", GoldenNamespace);
        return new ClaimReference(GoldenNamespace, "golden");
    }

    /// <summary>Creates DataVolume <paramref name="name"/> in <paramref name="ns"/>, cloning <paramref name="source"/>.</summary>
    public Task<object> CreateClonedDataVolumeAsync(string ns, string name, ClaimReference source) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = CdiApi.ApiVersion,
                ["kind"] = CdiApi.DataVolumeKind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["spec"] = CloneSpec(source),
            },
            CdiApi.Group, CdiApi.Version, ns, CdiApi.DataVolumePlural);

    /// <summary>Deletes the namespace <paramref name="ns"/> and waits until it is gone (its contents deleted, finalized).</summary>
    public async Task DeleteNamespaceAsync(string ns)
    {
        try
        {
            await Client.CoreV1.DeleteNamespaceAsync(ns);
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return;
        }

        await WaitForAsync($"namespace {ns} gone", async () =>
        {
            try
            {
                await Client.CoreV1.ReadNamespaceAsync(ns);
                return null;
            }
            catch (Exception e) when (IsNotFound(e))
            {
                return ns;
            }
        });
    }

    /// <summary>The content hash of the volume bound to <paramref name="claim"/> in <paramref name="ns"/>.</summary>
    public async Task<string> ContentHashAsync(string claim, string ns) =>
        backend.Storage().GetVolumeContentHash((await BoundVolumeAsync(claim, ns)).Spec.Csi.VolumeHandle);

    /// <summary>Reads the guest journal on the volume bound to <paramref name="claim"/> in <paramref name="ns"/>.</summary>
    public async Task<JournalCheckResult> JournalOnAsync(string claim, string ns)
    {
        var handle = (await BoundVolumeAsync(claim, ns)).Spec.Csi.VolumeHandle;
        return await JournalChecker.CheckAsync([new VolumeGuestDisk(backend.Storage().Open(handle))]);
    }

    private static JsonObject CloneSpec(ClaimReference source) => new()
    {
        ["source"] = new JsonObject { ["pvc"] = new JsonObject { ["namespace"] = source.Namespace, ["name"] = source.Name } },
        ["storage"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["volumeMode"] = "Block",
            ["storageClassName"] = StorageClass,
        },
    };
}
