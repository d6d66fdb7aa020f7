using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Api.Resources;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Cdi;

/// <summary>
/// CDI's DataVolume controller: creates the DataVolume's PVC (named after the DataVolume, controlled by it)
/// from <c>spec.pvc</c>, or from <c>spec.storage</c> completed with the StorageProfile and the default
/// StorageClass; then reports the phase: Pending, WaitForFirstConsumer (an unbound WaitForFirstConsumer
/// claim), ImportScheduled/CloneScheduled, ImportInProgress/CloneInProgress with <c>progress</c>, Succeeded.
/// A claim already populated for the DataVolume (<c>cdi.kubevirt.io/storage.populatedFor</c>) or a
/// DataVolume marked <c>cdi.kubevirt.io/storage.prePopulated</c> is adopted and never populated; it is
/// PendingPopulation while its WaitForFirstConsumer claim waits, Succeeded once Bound. An import moves no
/// bytes: the claim's content is whatever its volume holds. A clone (<c>source.pvc</c>) is CDI's host-assisted
/// clone, see the cloning facet.
/// </summary>
internal sealed partial class DataVolumeController
{
    public const string PopulatedForAnnotation = "cdi.kubevirt.io/storage.populatedFor";
    public const string PrePopulatedAnnotation = "cdi.kubevirt.io/storage.prePopulated";

    private const string WaitForStorageClass = "spec.storage names no StorageClass and there is no default StorageClass";

    private readonly ClusterCache cache;
    private readonly ObjectWriter writer;
    private readonly KubeVirtSimulatorOptions options;
    private readonly EventRecorder events;

    public DataVolumeController(ClusterCache cache, ObjectWriter writer, EventRecorder events, KubeVirtSimulatorOptions options)
    {
        this.cache = cache;
        this.writer = writer;
        this.events = events;
        this.options = options;
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var dv = cache.DataVolumes.Get(key);
        if (dv is null)
        {
            await DeleteOrphanedClaimAsync(key, ct);
            return ReconcileResult.Done;
        }

        if (dv.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var claimName = ClaimNameOf(dv);
        var claim = cache.Claim(key.Namespace, claimName);
        var adopted = dv.GetAnnotation(PrePopulatedAnnotation) is not null
            || claim?.GetAnnotation(PopulatedForAnnotation) == dv.Name();
        if (claim is null)
        {
            if (adopted)
            {
                await WriteStatusAsync(dv, Status("Pending", "N/A", claimName, bound: false, running: false), ct);
                return ReconcileResult.Done;
            }

            if (IsClone(dv) && !await CloneSourceExistsAsync(dv, claimName, ct))
            {
                return ReconcileResult.Done;
            }

            var error = await CreateClaimAsync(dv, claimName, ct);
            await WriteStatusAsync(
                dv,
                error switch
                {
                    null => Status("Pending", "N/A", claimName, bound: false, running: false),
                    WaitForStorageClass => Status("Pending", "N/A", claimName, bound: false, running: false, message: error),
                    _ => Status("Failed", "N/A", claimName, bound: false, running: false, message: error),
                },
                ct);
            return ReconcileResult.Done;
        }

        if (adopted)
        {
            await AdoptAsync(dv, claim, ct);
            var phase = claim.Status?.Phase == "Bound" ? "Succeeded" : IsWaitingForConsumer(claim) ? "PendingPopulation" : "Pending";
            await WriteStatusAsync(dv, Status(phase, phase == "Succeeded" ? "100.0%" : "N/A", claimName, claim.Status?.Phase == "Bound", running: false), ct);
            return ReconcileResult.Done;
        }

        if (claim.Status?.Phase != "Bound")
        {
            var phase = IsWaitingForConsumer(claim) ? "WaitForFirstConsumer" : "Pending";
            await WriteStatusAsync(dv, Status(phase, "N/A", claimName, bound: false, running: false), ct);
            return ReconcileResult.Done;
        }

        return await PopulateAsync(dv, claimName, ct);
    }

    /// <summary>The claim of a DataVolume: the PVC the <c>prePopulated</c> annotation names, if that exists, else the DataVolume's own name.</summary>
    public string ClaimNameOf(DataVolume dv)
        => dv.GetAnnotation(PrePopulatedAnnotation) is { Length: > 0 } named && named != "true" && cache.Claim(dv.Namespace(), named) is not null
            ? named
            : dv.Name();

    private async Task<ReconcileResult> PopulateAsync(DataVolume dv, string claimName, CancellationToken ct)
    {
        var clone = IsClone(dv);
        var (scheduled, inProgress) = clone ? ("CloneScheduled", "CloneInProgress") : ("ImportScheduled", "ImportInProgress");
        var phase = dv.Status?.Phase;
        if (phase == "Succeeded")
        {
            return ReconcileResult.Done;
        }

        if (clone && (!await CloneSourceExistsAsync(dv, claimName, ct) || await CloneSourceBusyAsync(dv, claimName, ct)))
        {
            return ReconcileResult.Done;
        }

        if (phase != inProgress)
        {
            await WriteStatusAsync(dv, Status(phase == scheduled ? inProgress : scheduled, phase == scheduled ? "0.00%" : "N/A", claimName, bound: true, running: phase == scheduled), ct);
            return ReconcileResult.Done;
        }

        var started = dv.Status?.Conditions?.FirstOrDefault(c => c.Type == "Running")?.LastTransitionTime is { } at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : options.Runtime.Time.GetUtcNow();
        var elapsed = options.Runtime.Time.GetUtcNow() - started;
        var total = options.DataVolumePopulationTime;
        if (elapsed >= total)
        {
            if (clone)
            {
                await FinishCloneAsync(dv, claimName, ct);
            }

            await WriteStatusAsync(dv, Status("Succeeded", "100.0%", claimName, bound: true, running: false), ct);
            return ReconcileResult.Done;
        }

        var fraction = total <= TimeSpan.Zero ? 1 : elapsed / total;
        var progress = string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(fraction * 4) * 25:0.00}%");
        await WriteStatusAsync(dv, Status(inProgress, progress, claimName, bound: true, running: true), ct);
        var quarter = total / 4;
        var next = TimeSpan.FromTicks(quarter.Ticks * ((long)Math.Floor(fraction * 4) + 1)) - elapsed;
        return ReconcileResult.RequeueAfter(next > TimeSpan.Zero ? next : TimeSpan.FromMilliseconds(1));
    }

    private bool IsWaitingForConsumer(V1PersistentVolumeClaim claim)
        => cache.StorageClassOf(claim)?.VolumeBindingMode == "WaitForFirstConsumer"
            && claim.GetAnnotation("volume.kubernetes.io/selected-node") is null;

    private async Task<string?> CreateClaimAsync(DataVolume dv, string claimName, CancellationToken ct)
    {
        V1PersistentVolumeClaimSpec spec;
        if (dv.Spec.Pvc is { } pvc)
        {
            spec = ObjectCopy.As<V1PersistentVolumeClaimSpec>(pvc);
        }
        else if (dv.Spec.Storage is { } storage)
        {
            spec = ObjectCopy.As<V1PersistentVolumeClaimSpec>(storage);
            var className = spec.StorageClassName ?? cache.DefaultStorageClass()?.Name();
            if (className is null)
            {
                // Retried when a StorageClass appears.
                return WaitForStorageClass;
            }

            spec.StorageClassName = className;
            var properties = cache.StorageProfiles.Get(ObjectKey.Cluster(className))?.Status?.ClaimPropertySets?.FirstOrDefault();
            spec.AccessModes ??= properties?.AccessModes is { } modes ? [.. modes] : ["ReadWriteOnce"];
            spec.VolumeMode ??= properties?.VolumeMode ?? "Filesystem";
        }
        else
        {
            return "DataVolume.spec must have pvc or storage";
        }

        if (spec.Resources?.Requests?.ContainsKey("storage") != true && CloneSourceOf(dv) is { } source
            && cache.Claim(source.Namespace, source.Name) is { } sourceClaim
            && sourceClaim.Spec?.Resources?.Requests?.TryGetValue("storage", out var size) == true)
        {
            spec.Resources ??= new V1VolumeResourceRequirements();
            spec.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
            spec.Resources.Requests["storage"] = new ResourceQuantity(size.ToString());
        }

        var annotations = new Dictionary<string, string>();
        if (dv.GetAnnotation("cdi.kubevirt.io/storage.contentType") is { } contentType)
        {
            annotations["cdi.kubevirt.io/storage.contentType"] = contentType;
        }

        if (CloneSourceOf(dv) is { } cloneSource)
        {
            annotations[CloneRequestAnnotation] = $"{cloneSource.Namespace}/{cloneSource.Name}";
        }

        var claim = new V1PersistentVolumeClaim
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            Metadata = new V1ObjectMeta
            {
                Name = claimName,
                NamespaceProperty = dv.Namespace(),
                Labels = new Dictionary<string, string> { ["app"] = "containerized-data-importer", ["app.kubernetes.io/component"] = "storage" },
                Annotations = annotations,
                OwnerReferences = [ControllerReference.To(CustomResource.DataVolumes.ApiVersion, "DataVolume", dv.Name(), dv.Uid())],
            },
            Spec = spec,
        };
        try
        {
            await writer.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, dv.Namespace(), cancellationToken: ct);
            return null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
        catch (HttpOperationException e) when ((int)e.Response.StatusCode is 400 or 403 or 422)
        {
            return $"Unable to create the PVC: {e.Response.Content}";
        }
    }

    private async Task AdoptAsync(DataVolume dv, V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        if (claim.OwnerReferences()?.Any(o => o.Controller == true) == true)
        {
            return;
        }

        var patch = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { OwnerReferences = [ControllerReference.To(CustomResource.DataVolumes.ApiVersion, "DataVolume", dv.Name(), dv.Uid())] },
        };
        await writer.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.MergePatch), claim.Name(), claim.Namespace(), cancellationToken: ct);
    }

    /// <summary>Without a garbage collector in the API server, the claim of a deleted DataVolume would stay: delete it.</summary>
    private async Task DeleteOrphanedClaimAsync(ObjectKey key, CancellationToken ct)
    {
        var claim = cache.Claim(key.Namespace, key.Name);
        if (claim?.OwnerReferences()?.Any(o => o.Controller == true && o.Kind == "DataVolume" && o.Name == key.Name) != true
            || claim.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        try
        {
            await writer.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(key.Name, key.Namespace, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private static DataVolumeStatus Status(string phase, string progress, string claimName, bool bound, bool running, string? message = null)
    {
        var readyMessage = message ?? (phase == "Succeeded" ? "" : phase);
        return new DataVolumeStatus
        {
            Phase = phase,
            Progress = progress,
            ClaimName = claimName,
            Conditions =
            [
                Condition("Bound", bound ? "True" : "False", bound ? "Bound" : "Pending", bound ? $"PVC {claimName} Bound" : $"PVC {claimName} Pending"),
                Condition("Ready", phase == "Succeeded" ? "True" : "False", phase, readyMessage),
                Condition("Running", running ? "True" : "False", running ? "Pod is running" : phase == "Succeeded" ? "Completed" : "Pending", ""),
            ],
        };
    }

    private static StatusCondition Condition(string type, string status, string reason, string message)
        => new() { Type = type, Status = status, Reason = reason, Message = message };

    /// <summary>
    /// Writes the fields of <paramref name="desired"/> that changed; a condition keeps its times while its status stays.
    /// </summary>
    /// <returns>Whether the status changed.</returns>
    private async Task<bool> WriteStatusAsync(DataVolume dv, DataVolumeStatus desired, CancellationToken ct)
    {
        var now = ConditionTime.Of(options.Runtime.Time.GetUtcNow());
        foreach (var condition in desired.Conditions ?? [])
        {
            var old = dv.Status?.Conditions?.FirstOrDefault(c => c.Type == condition.Type);
            var same = old is not null && old.Status == condition.Status;
            condition.LastTransitionTime = same ? old!.LastTransitionTime : now;
            condition.LastHeartbeatTime = same ? old!.LastHeartbeatTime : now;
        }

        var patch = StatusPatch.Changes(dv.Status, StatusPatch.ToJson(desired));
        if (patch.Count == 0)
        {
            return false;
        }

        await writer.PatchStatusAsync(CustomResource.DataVolumes, ObjectKey.Of(dv), patch, ct);
        return true;
    }
}
