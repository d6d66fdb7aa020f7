using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Reconciling;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Admission;

/// <summary>
/// virt-api's VirtualMachineRestore validating webhook (behaviour reference §4.2, W1–W15). A CREATE needs the
/// <c>Snapshot</c> feature gate and a target of apiGroup <c>kubevirt.io</c>, kind <c>VirtualMachine</c>; for such a
/// target the patches, the backend-storage rule, the volume overrides and the two policies are checked; and no other
/// restore of the namespace with the same target may be unfinished. An UPDATE may not change the spec.
/// </summary>
public sealed class RestoreAdmission : IAdmissionReviewer
{
    private static readonly string[] RestorePolicies =
        [SnapshotApi.VolumeRestoreInPlace, SnapshotApi.VolumeRestoreRandomizeNames, SnapshotApi.VolumeRestorePrefixTargetName];

    private static readonly string[] OwnershipPolicies = [SnapshotApi.VolumeOwnershipVm, SnapshotApi.VolumeOwnershipNone];

    private readonly AdmissionLookups lookups;

    public RestoreAdmission(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lookups = new AdmissionLookups(client);
    }

    public async ValueTask<JsonObject> ReviewAsync(JsonObject admissionReview, CancellationToken cancellationToken)
    {
        var request = AdmissionReviewRequest.Read(admissionReview);
        if (request.Group != SnapshotApi.Group || request.Resource != SnapshotApi.RestorePlural)
        {
            return AdmissionAnswer.Error(request, $"unexpected resource {request.ResourceText}");
        }

        try
        {
            if (request.Operation == AdmissionReviewRequest.Create && !await lookups.SnapshotGateEnabledAsync(cancellationToken))
            {
                return AdmissionAnswer.Error(request, "Snapshot/Restore feature gate not enabled");
            }

            if (!SnapshotObjects.TryDecode<VirtualMachineRestore>(request.Object, out var restore, out var error))
            {
                return AdmissionAnswer.Error(request, error);
            }

            switch (request.Operation)
            {
                case AdmissionReviewRequest.Create:
                    var causes = await CreateCausesAsync(request.Namespace, restore, cancellationToken);
                    return causes.Count == 0 ? AdmissionAnswer.Allowed(request) : AdmissionAnswer.Denied(request, causes);
                case AdmissionReviewRequest.Update:
                    if (!SnapshotObjects.TryDecode<VirtualMachineRestore>(request.OldObject, out var old, out error))
                    {
                        return AdmissionAnswer.Error(request, error);
                    }

                    return SnapshotObjects.SameSpec(old.Spec, restore.Spec)
                        ? AdmissionAnswer.Allowed(request)
                        : AdmissionAnswer.Denied(request, [SnapshotObjects.ImmutableSpec]);
                default:
                    return AdmissionAnswer.Error(request, $"unexpected operation {request.Operation}");
            }
        }
        catch (HttpOperationException failed)
        {
            return AdmissionAnswer.Error(request, AdmissionLookups.Message(failed));
        }
        catch (RestoreLookupException failed)
        {
            return AdmissionAnswer.Error(request, failed.Message);
        }
    }

    private async Task<List<AdmissionCause>> CreateCausesAsync(string ns, VirtualMachineRestore restore, CancellationToken cancellationToken)
    {
        var spec = restore.Spec;
        var causes = new List<AdmissionCause>();
        switch (spec.Target.ApiGroup)
        {
            case null:
                causes.Add(new AdmissionCause(AdmissionCause.FieldValueNotFound, "missing apiGroup", "spec.target.apiGroup"));
                break;
            case KubeVirtApi.Group when spec.Target.Kind == KubeVirtApi.VirtualMachineKind:
                causes.AddRange(await TargetCausesAsync(ns, spec, cancellationToken));
                causes.AddRange(OverrideCauses(spec.VolumeRestoreOverrides ?? []));
                if (spec.VolumeRestorePolicy is { } restorePolicy && !RestorePolicies.Contains(restorePolicy))
                {
                    causes.Add(AdmissionCause.Invalid("spec.volumeRestorePolicy", $"volume restore policy \"{restorePolicy}\" doesn't exist"));
                }

                if (spec.VolumeOwnershipPolicy is { } ownershipPolicy && !OwnershipPolicies.Contains(ownershipPolicy))
                {
                    causes.Add(AdmissionCause.Invalid("spec.volumeOwnershipPolicy", $"volume ownership policy \"{ownershipPolicy}\" doesn't exist"));
                }

                break;
            case KubeVirtApi.Group:
                causes.Add(AdmissionCause.Invalid("spec.target.kind", "invalid kind"));
                break;
            default:
                causes.Add(AdmissionCause.Invalid("spec.target.apiGroup", "invalid apiGroup"));
                break;
        }

        foreach (var other in await lookups.RestoresAsync(ns, cancellationToken))
        {
            if (SameTarget(other.Spec.Target, spec.Target) && other.Status?.Complete != true)
            {
                causes.Add(AdmissionCause.Invalid("spec.target", $"VirtualMachineRestore \"{other.Metadata.Name}\" in progress"));
            }
        }

        return causes;
    }

    /// <summary>
    /// The patches, and the backend-storage rule for a target other than the snapshot's source. A snapshot that does not
    /// exist yet is accepted whole, patches included (the controller waits for it), as virt-api does.
    /// </summary>
    private async Task<IReadOnlyList<AdmissionCause>> TargetCausesAsync(string ns, VirtualMachineRestoreSpec spec, CancellationToken cancellationToken)
    {
        var causes = RestorePatches.Check(spec.Patches ?? []).ToList();
        var snapshot = await lookups.SnapshotAsync(ns, RestoreLookupException.RequireName(spec.VirtualMachineSnapshotName), cancellationToken);
        if (snapshot is null)
        {
            return [];
        }

        var target = await lookups.VirtualMachineAsync(ns, RestoreLookupException.RequireName(spec.Target.Name), cancellationToken);
        var sourceUid = snapshot.Status?.SourceUid;
        if (target is not null && (sourceUid is null || target.Metadata.Uid == sourceUid))
        {
            return causes;
        }

        var contentName = snapshot.Status?.VirtualMachineSnapshotContentName
            ?? throw new RestoreLookupException("snapshot content name is nil in vmSnapshot status");
        var content = await lookups.ContentAsync(ns, contentName, cancellationToken)
            ?? throw new RestoreLookupException($"{SnapshotApi.ContentPlural}.{SnapshotApi.Group} \"{contentName}\" not found");
        var captured = content.Spec.Source?.VirtualMachine ?? throw new RestoreLookupException("unexpected snapshot source");
        if (BackendStorage.IsNeeded(captured.Spec.Template?.Spec))
        {
            causes.Add(AdmissionCause.Invalid(
                "spec", "Restore to a different VM is not supported when snapshotted VM has backend storage (persistent TPM or EFI)"));
        }

        return causes;
    }

    private static IEnumerable<AdmissionCause> OverrideCauses(IList<VolumeRestoreOverride> overrides)
    {
        for (var i = 0; i < overrides.Count; i++)
        {
            var entry = overrides[i];
            if (string.IsNullOrEmpty(entry.VolumeName))
            {
                yield return new AdmissionCause(AdmissionCause.FieldValueRequired, "must provide a volume name", $"spec.volumeRestoreOverrides[{i}].volumeName");
            }

            if (string.IsNullOrEmpty(entry.RestoreName) && entry.Labels is null && entry.Annotations is null)
            {
                yield return new AdmissionCause(AdmissionCause.FieldValueRequired, "must provide at least one overriden field", $"spec.volumeRestoreOverrides[{i}]");
            }
        }
    }

    private static bool SameTarget(V1TypedLocalObjectReference a, V1TypedLocalObjectReference b) =>
        a.ApiGroup == b.ApiGroup && a.Kind == b.Kind && a.Name == b.Name;
}
