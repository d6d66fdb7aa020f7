using Harness.Api.Clones;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Api.Snapshots;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Clones;

/// <summary>What the clone controller creates (the snapshot, the restore) and its status with the conditions.</summary>
internal sealed partial class CloneController
{
    /// <summary>The letters of apimachinery's <c>rand.String</c>.</summary>
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private async Task<string> CreateSnapshotAsync(VirtualMachineClone clone, string vm, CancellationToken ct)
    {
        var name = Named(clone, "snapshot", $"clone-{clone.Name()}-snapshot-{vm}");
        var snapshot = new VirtualMachineSnapshot
        {
            ApiVersion = CustomResource.VirtualMachineSnapshots.ApiVersion,
            Metadata = Metadata(clone, name),
            Spec = new VirtualMachineSnapshotSpec { Source = VirtualMachineReference(vm) },
        };
        if (await CreateAsync(CustomResource.VirtualMachineSnapshots, snapshot, ct))
        {
            await RecordAsync(clone, CloneApi.Events.SnapshotCreated, $"created snapshot {name} for clone {clone.Name()}", ct);
        }

        return name;
    }

    private async Task<string> CreateRestoreAsync(VirtualMachineClone clone, VirtualMachineSnapshot snapshot, CancellationToken ct)
    {
        var contentName = snapshot.Status?.VirtualMachineSnapshotContentName ?? "";
        var vm = cache.Contents.Get(new ObjectKey(clone.Namespace(), contentName))?.Spec.Source.VirtualMachine
            ?? throw new InvalidOperationException($"cannot get VM manifest from snapshot: snapshot content {contentName} in namespace {clone.Namespace()} does not exist");
        var vmName = vm.Name();
        var target = clone.Spec.Target?.Name is { Length: > 0 } named ? named : Named(clone, "target", $"{vmName}-clone");
        var name = Named(clone, "restore", $"clone-{clone.Name()}-restore-{vmName}");
        var restore = new VirtualMachineRestore
        {
            ApiVersion = CustomResource.VirtualMachineRestores.ApiVersion,
            Metadata = Metadata(clone, name),
            Spec = new VirtualMachineRestoreSpec
            {
                Target = VirtualMachineReference(target),
                VirtualMachineSnapshotName = snapshot.Name(),
                Patches = [.. ClonePatches.For(vm, clone.Spec)],
            },
        };
        try
        {
            if (await CreateAsync(CustomResource.VirtualMachineRestores, restore, ct))
            {
                await RecordAsync(clone, CloneApi.Events.RestoreCreated, $"created restore {name} for clone {clone.Name()}", ct);
            }
        }
        catch (HttpOperationException e)
        {
            var message = $"failed creating restore {name} for clone {clone.Name()}: {e.Response.Content}";
            await events.RecordAsync(CustomResource.VirtualMachineClones.Reference(clone), EventRecorder.Warning, CloneApi.Events.RestoreCreationFailed, message, ct);
            throw new InvalidOperationException(message, e);
        }

        return name;
    }

    /// <returns>Whether it was created now (false: it existed, from an earlier pass whose status write was lost).</returns>
    private async Task<bool> CreateAsync<T>(CustomResource resource, T body, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            await writer.CreateAsync(resource, body, ct);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private static V1ObjectMeta Metadata(VirtualMachineClone clone, string name) => new()
    {
        Name = name,
        NamespaceProperty = clone.Namespace(),
        OwnerReferences =
        [
            ControllerReference.To(
                CustomResource.VirtualMachineClones.ApiVersion, CustomResource.VirtualMachineClones.Kind, clone.Name(), clone.Uid()),
        ],
    };

    private static V1TypedLocalObjectReference VirtualMachineReference(string name)
        => new() { ApiGroup = KubeVirtApi.Group, Kind = KubeVirtApi.VirtualMachineKind, Name = name };

    /// <summary>
    /// <paramref name="prefix"/> and five random letters (KubeVirt's <c>generateNameWithRandomSuffix</c>; a prefix past
    /// 252 characters becomes <c>clone-object</c>), drawn from a seed of the clone's UID and <paramref name="purpose"/>, so
    /// a retried pass names the same object.
    /// </summary>
    private string Named(VirtualMachineClone clone, string purpose, string prefix)
    {
        var random = new Random((int)(options.Runtime.Seed.Derive($"{clone.Uid()}/{purpose}").Value & int.MaxValue));
        var suffix = new string([.. Enumerable.Range(0, 5).Select(_ => SuffixAlphabet[random.Next(SuffixAlphabet.Length)])]);
        return $"{(prefix.Length > 252 ? "clone-object" : prefix)}-{suffix}";
    }

    /// <summary>
    /// Writes the status when it changed: Succeeded has Progressing False and Ready True (reason <c>Ready</c>), Failed
    /// both False (<c>Failed</c>), any other phase Progressing True and Ready False (<c>Still processing</c>); a
    /// condition's transition time moves only when its status does.
    /// </summary>
    private async Task WriteStatusAsync(CloneStep step, CancellationToken ct)
    {
        var (progressing, ready, reason) = step.Phase switch
        {
            CloneApi.Phases.Succeeded => ("False", "True", CloneApi.ReasonReady),
            CloneApi.Phases.Failed => ("False", "False", CloneApi.ReasonFailed),
            _ => ("True", "False", CloneApi.ReasonStillProcessing),
        };
        var old = step.Clone.Status;
        step.Status.Conditions = [Condition(old, "Progressing", progressing, reason), Condition(old, "Ready", ready, reason)];
        var patch = StatusPatch.Replacing(old, step.Status);
        if (patch.Count > 0)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachineClones, ObjectKey.Of(step.Clone), patch, ct);
        }
    }

    private StatusCondition Condition(VirtualMachineCloneStatus? oldStatus, string type, string status, string reason)
    {
        var old = oldStatus?.Conditions?.FirstOrDefault(c => c.Type == type);
        var same = old?.Status == status && old.Reason == reason;
        return new StatusCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            LastTransitionTime = same ? old!.LastTransitionTime : ConditionTime.Of(options.Runtime.Time.GetUtcNow()),
        };
    }
}
