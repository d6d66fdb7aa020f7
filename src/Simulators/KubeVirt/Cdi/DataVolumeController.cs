using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
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

        if (dv.IsDeleting())
        {
            return ReconcileResult.Done;
        }

        var claimName = ClaimNameOf(dv);
        var claim = cache.Claim(key.Namespace, claimName);
        var adopted = dv.Annotation(PrePopulatedAnnotation) is not null
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
    public string ClaimNameOf(JsonObject dv)
        => dv.Annotation(PrePopulatedAnnotation) is { Length: > 0 } named && named != "true" && cache.Claim(dv.Namespace(), named) is not null
            ? named
            : dv.Name();

    private async Task<ReconcileResult> PopulateAsync(JsonObject dv, string claimName, CancellationToken ct)
    {
        var clone = IsClone(dv);
        var (scheduled, inProgress) = clone ? ("CloneScheduled", "CloneInProgress") : ("ImportScheduled", "ImportInProgress");
        var phase = dv.Str("status", "phase");
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

        var started = dv.Condition("Running")?.Str("lastTransitionTime") is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
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

    private async Task<string?> CreateClaimAsync(JsonObject dv, string claimName, CancellationToken ct)
    {
        JsonObject spec;
        if (dv["spec"]?["pvc"] is JsonObject pvc)
        {
            spec = pvc.Clone();
        }
        else if (dv["spec"]?["storage"] is JsonObject storage)
        {
            spec = storage.Clone();
            var className = spec.Str("storageClassName") ?? cache.DefaultStorageClass()?.Name();
            if (className is null)
            {
                // Retried when a StorageClass appears.
                return WaitForStorageClass;
            }

            spec["storageClassName"] = className;

            var profile = className is null ? null : cache.StorageProfiles.Get(new ObjectKey("", className));
            var properties = profile?.Objects("status", "claimPropertySets").FirstOrDefault();
            spec["accessModes"] ??= properties?["accessModes"]?.DeepClone() ?? new JsonArray("ReadWriteOnce");
            spec["volumeMode"] ??= properties?["volumeMode"]?.DeepClone() ?? "Filesystem";
        }
        else
        {
            return "DataVolume.spec must have pvc or storage";
        }

        if (spec.Node("resources", "requests", "storage") is null && CloneSourceOf(dv) is { } source
            && cache.Claim(source.Namespace, source.Name) is { } sourceClaim
            && sourceClaim.Spec?.Resources?.Requests?.TryGetValue("storage", out var size) == true)
        {
            spec.Ensure("resources", "requests")["storage"] = size.ToString();
        }

        var annotations = new JsonObject();
        if (dv.Annotation("cdi.kubevirt.io/storage.contentType") is { } contentType)
        {
            annotations["cdi.kubevirt.io/storage.contentType"] = contentType;
        }

        if (CloneSourceOf(dv) is { } cloneSource)
        {
            annotations[CloneRequestAnnotation] = $"{cloneSource.Namespace}/{cloneSource.Name}";
        }

        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject
            {
                ["name"] = claimName,
                ["namespace"] = dv.Namespace(),
                ["labels"] = new JsonObject { ["app"] = "containerized-data-importer", ["app.kubernetes.io/component"] = "storage" },
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(ControllerReference(CustomResource.DataVolumes.ApiVersion, "DataVolume", dv.Name(), dv.Uid())),
            },
            ["spec"] = spec,
        };
        try
        {
            var claim = KubernetesJson.Deserialize<V1PersistentVolumeClaim>(body.ToJsonString());
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

    private async Task AdoptAsync(JsonObject dv, V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        if (claim.OwnerReferences()?.Any(o => o.Controller == true) == true)
        {
            return;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["ownerReferences"] = new JsonArray(ControllerReference(CustomResource.DataVolumes.ApiVersion, "DataVolume", dv.Name(), dv.Uid())),
            },
        };
        await writer.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), claim.Name(), claim.Namespace(), cancellationToken: ct);
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

    private JsonObject Status(string phase, string progress, string claimName, bool bound, bool running, string? message = null)
    {
        var readyMessage = message ?? (phase == "Succeeded" ? "" : phase);
        return new JsonObject
        {
            ["phase"] = phase,
            ["progress"] = progress,
            ["claimName"] = claimName,
            ["conditions"] = new JsonArray(
                Condition("Bound", bound ? "True" : "False", bound ? "Bound" : "Pending", bound ? $"PVC {claimName} Bound" : $"PVC {claimName} Pending"),
                Condition("Ready", phase == "Succeeded" ? "True" : "False", phase, readyMessage),
                Condition("Running", running ? "True" : "False", running ? "Pod is running" : phase == "Succeeded" ? "Completed" : "Pending", "")),
        };
    }

    private static JsonObject Condition(string type, string status, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <returns>Whether the status changed.</returns>
    private async Task<bool> WriteStatusAsync(JsonObject dv, JsonObject desired, CancellationToken ct)
    {
        var current = dv.Obj("status");
        var now = JsonAccess.Timestamp(options.Runtime.Time.GetUtcNow());
        foreach (var condition in desired.Objects("conditions"))
        {
            var old = current.Objects("conditions").FirstOrDefault(c => c.Str("type") == condition.Str("type"));
            var same = old is not null && old.Str("status") == condition.Str("status");
            condition["lastTransitionTime"] = same ? old!["lastTransitionTime"]?.DeepClone() : now;
            condition["lastHeartbeatTime"] = same ? old!["lastHeartbeatTime"]?.DeepClone() : now;
        }

        var patch = new JsonObject();
        foreach (var (name, value) in desired)
        {
            if (!JsonNode.DeepEquals(current[name], value))
            {
                patch[name] = value?.DeepClone();
            }
        }

        if (patch.Count == 0)
        {
            return false;
        }

        await writer.PatchStatusAsync(CustomResource.DataVolumes, dv.Key(), patch, ct);
        return true;
    }
}
