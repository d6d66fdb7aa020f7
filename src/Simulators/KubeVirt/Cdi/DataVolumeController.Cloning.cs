using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Cdi;

/// <summary>
/// CDI's host-assisted clone (<c>source.pvc</c>, the source in this or another namespace), as its clone controller
/// runs it without volume populators: while the source claim is missing the DataVolume creates nothing and reports
/// <c>CloneWithoutSource</c> (Warning event, Bound Unknown, Ready False); the target claim is made with
/// <c>k8s.io/CloneRequest=&lt;namespace&gt;/&lt;name&gt;</c>; the DataVolume stays CloneScheduled while the source is
/// unbound, still being populated by its own DataVolume, or in use by a running VMI (Warning
/// <c>HostAssistedCloneSourceInUse</c>); at the end of CloneInProgress the source volume's bytes are copied onto the
/// target (<see cref="KubeVirtSimulatorOptions.VolumeCopier"/>) and the target claim gets <c>k8s.io/CloneOf=true</c>
/// and <c>cdi.kubevirt.io/storage.pod.phase=Succeeded</c>.
/// </summary>
internal sealed partial class DataVolumeController
{
    public const string CloneRequestAnnotation = "k8s.io/CloneRequest";
    public const string CloneOfAnnotation = "k8s.io/CloneOf";
    public const string PodPhaseAnnotation = "cdi.kubevirt.io/storage.pod.phase";
    public const string CloneWithoutSource = "CloneWithoutSource";
    public const string HostAssistedCloneSourceInUse = "HostAssistedCloneSourceInUse";

    /// <summary>The claim a clone DataVolume copies: <c>source.pvc</c>, its namespace defaulting to the DataVolume's.</summary>
    public static (string Namespace, string Name)? CloneSourceOf(DataVolume dv)
        => dv.Spec.Source?.Pvc is { } source
            ? (source.Namespace is { Length: > 0 } ns ? ns : dv.Namespace(), source.Name ?? "")
            : null;

    private static bool IsClone(DataVolume dv) => CloneSourceOf(dv) is not null;

    /// <returns>Whether the source claim exists; when it does not, the DataVolume reports <c>CloneWithoutSource</c>.</returns>
    private async Task<bool> CloneSourceExistsAsync(DataVolume dv, string claimName, CancellationToken ct)
    {
        var (ns, name) = CloneSourceOf(dv)!.Value;
        if (cache.Claim(ns, name) is not null)
        {
            return true;
        }

        var message = $"The source pvc {name} doesn't exist";
        var status = new DataVolumeStatus
        {
            Phase = dv.Status?.Phase is { Length: > 0 } phase ? phase : "Pending",
            Progress = "N/A",
            ClaimName = claimName,
            Conditions =
            [
                Condition("Bound", "Unknown", CloneWithoutSource, message),
                Condition("Ready", "False", CloneWithoutSource, ""),
                Condition("Running", "False", "", ""),
            ],
        };
        if (await WriteStatusAsync(dv, status, ct))
        {
            await events.RecordAsync(CustomResource.DataVolumes.Reference(dv), EventRecorder.Warning, CloneWithoutSource, message, ct);
        }

        return false;
    }

    /// <returns>Whether the source cannot be read yet (unbound, being populated, in use); the DataVolume is then CloneScheduled.</returns>
    private async Task<bool> CloneSourceBusyAsync(DataVolume dv, string claimName, CancellationToken ct)
    {
        var (ns, name) = CloneSourceOf(dv)!.Value;
        var source = cache.Claim(ns, name)!;
        string? waiting = null;
        if (source.Status?.Phase != "Bound")
        {
            waiting = $"Waiting for the clone source {ns}/{name} to be Bound";
        }
        else if (source.OwnerReferences()?.FirstOrDefault(o => o.Controller == true && o.Kind == "DataVolume") is { } owner
            && cache.DataVolumes.Get(new(ns, owner.Name))?.Status?.Phase is not "Succeeded")
        {
            waiting = $"Waiting for DataVolume {ns}/{owner.Name} to populate the clone source";
        }
        else if (RunningUser(ns, name) is { } vmi)
        {
            waiting = $"VMI {ns}/{vmi} using PersistentVolumeClaim {name}";
        }

        if (waiting is null)
        {
            return false;
        }

        if (await WriteStatusAsync(dv, Status("CloneScheduled", "N/A", claimName, bound: true, running: false, message: waiting), ct)
            && waiting.StartsWith("VMI ", StringComparison.Ordinal))
        {
            await events.RecordAsync(CustomResource.DataVolumes.Reference(dv), EventRecorder.Warning, HostAssistedCloneSourceInUse, waiting, ct);
        }

        return true;
    }

    /// <summary>The name of a VMI that is not finished and mounts the claim, if any (its virt-launcher pod holds the claim).</summary>
    private string? RunningUser(string ns, string claim)
        => cache.VirtualMachineInstances.List()
            .FirstOrDefault(vmi => vmi.Namespace() == ns && !IsFinal(vmi) && Volumes(vmi.Spec).Any(v => v.ClaimName == claim))
            ?.Name();

    /// <summary>Copies the source volume onto the target and marks the target claim cloned; done once (the <c>CloneOf</c> mark).</summary>
    private async Task FinishCloneAsync(DataVolume dv, string claimName, CancellationToken ct)
    {
        var target = cache.Claim(dv.Namespace(), claimName)!;
        if (target.GetAnnotation(CloneOfAnnotation) == "true")
        {
            return;
        }

        var (ns, name) = CloneSourceOf(dv)!.Value;
        if (options.VolumeCopier is { } copier)
        {
            await copier.CopyAsync(await BoundVolumeAsync(cache.Claim(ns, name)!, ct), await BoundVolumeAsync(target, ct), ct);
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [CloneOfAnnotation] = "true", [PodPhaseAnnotation] = "Succeeded" } },
        };
        await writer.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), claimName, dv.Namespace(), cancellationToken: ct);
    }

    private async Task<ClaimVolume> BoundVolumeAsync(V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        var key = $"{claim.Namespace()}/{claim.Name()}";
        var volume = claim.Spec?.VolumeName is { Length: > 0 } pvName
            ? await writer.Client.CoreV1.ReadPersistentVolumeAsync(pvName, cancellationToken: ct)
            : null;
        return volume?.Spec?.Csi is { } csi
            ? new ClaimVolume(key, csi.Driver, csi.VolumeHandle)
            : throw new InvalidOperationException($"claim {key} is not bound to a CSI volume: the clone cannot copy it");
    }
}
