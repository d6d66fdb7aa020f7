using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Instancetypes;
using Harness.Reconciling;
using Harness.Reflectors;
using k8s;
using k8s.Models;

namespace Harness.Controller.Snapshots.Source;

/// <summary>
/// The VM definition a snapshot keeps (KubeVirt's source <c>Spec</c>): offline, the VM as it is; online, the spec
/// the running instance was started from (its ControllerRevision), with the volumes, disks and DataVolume
/// templates of the current VM, so persistent hot-plugged and migrated volumes are kept but later edits are not.
/// Metadata loses <c>managedFields</c>; status is empty. The instance type and preference revisions the VM is pinned
/// to are copied for the snapshot (<see cref="SnapshotRevisionCapture"/>).
/// </summary>
internal static class CapturedVirtualMachine
{
    public static async Task<VirtualMachine> CaptureAsync(IKubernetes client, VirtualMachineSnapshot snapshot, SourceState source, CancellationToken ct)
    {
        var captured = await SpecAsync(client, source, ct);
        await SnapshotRevisionCapture.CaptureAsync(client, snapshot, captured, ct);
        return captured;
    }

    private static async Task<VirtualMachine> SpecAsync(IKubernetes client, SourceState source, CancellationToken ct)
    {
        var vm = KubernetesUtf8Json.SerializeToNode(source.Vm)!.AsObject();
        if (vm["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
        }

        vm["status"] = new JsonObject();
        if (source.Instance is not { } instance)
        {
            return Read(vm);
        }

        var revisionName = instance.Status?.VirtualMachineRevisionName
            ?? throw new InvalidOperationException("can't get vm revision, vmi doesn't exist");
        V1ControllerRevision revision;
        try
        {
            revision = await client.AppsV1.ReadNamespacedControllerRevisionAsync(revisionName, instance.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (Exception e) when (Clients.ApiErrors.IsNotFound(e))
        {
            throw new InvalidOperationException($"vm revision {revisionName} doesn't exist", e);
        }

        var revisionSpec = KubernetesUtf8Json.SerializeToNode(revision.Data)?["spec"]?.DeepClone().AsObject()
            ?? throw new InvalidOperationException($"vm revision {revisionName} has no spec");
        var current = vm["spec"]!.AsObject();
        SetPath(revisionSpec, current, "template", "spec", "volumes");
        SetPath(revisionSpec, current, "template", "spec", "domain", "devices", "disks");
        SetPath(revisionSpec, current, "dataVolumeTemplates");
        vm["spec"] = revisionSpec;
        return Read(vm);
    }

    private static VirtualMachine Read(JsonObject vm) => KubernetesUtf8Json.Deserialize<VirtualMachine>(vm)!;

    /// <summary>Copies the value at <paramref name="path"/> from <paramref name="from"/> into <paramref name="into"/>, removing it there when <paramref name="from"/> lacks it.</summary>
    private static void SetPath(JsonObject into, JsonObject from, params string[] path)
    {
        JsonNode? source = from;
        foreach (var part in path)
        {
            source = source?[part];
        }

        var target = into;
        foreach (var part in path[..^1])
        {
            if (target[part] is not JsonObject next)
            {
                if (source is null)
                {
                    return;
                }

                next = [];
                target[part] = next;
            }

            target = next;
        }

        if (source is null)
        {
            target.Remove(path[^1]);
        }
        else
        {
            target[path[^1]] = source.DeepClone();
        }
    }
}
