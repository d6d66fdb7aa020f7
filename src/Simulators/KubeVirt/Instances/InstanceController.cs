using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>
/// The VMI side (virt-controller's VMI loop, virt-handler and virt-launcher in one): moves a VMI through
/// Pending (its claims exist and its DataVolumes can back it), Scheduling (WaitForFirstConsumer claims get
/// <c>volume.kubernetes.io/selected-node</c>), Scheduled (every claim Bound, every DataVolume populated) to
/// Running (the guest agent started), and to Succeeded when deleted or Failed/Succeeded when the guest
/// exits. While Running it pings the agent (<c>AgentConnected</c>), reports <c>Paused</c>,
/// <c>fsFreezeStatus</c> and <c>volumeStatus</c> (with <c>hotplugVolume</c> for hot-plugged disks), and takes memory
/// dumps into <c>memoryDump</c> volumes.
/// It is the only writer of VMI status.
/// </summary>
internal sealed partial class InstanceController
{
    /// <summary>Annotation a scenario puts on a VMI to end its guest: <c>Succeeded</c> (shut down) or <c>Failed</c> (crashed).</summary>
    public const string DomainExitAnnotation = "harness.kubevirt.io/domain-exit";

    private readonly ClusterCache cache;
    private readonly ObjectWriter writer;
    private readonly EventRecorder events;
    private readonly InstanceRuntimes runtimes;
    private readonly KubeVirtSimulatorOptions options;

    public InstanceController(ClusterCache cache, ObjectWriter writer, EventRecorder events, InstanceRuntimes runtimes, KubeVirtSimulatorOptions options)
    {
        this.cache = cache;
        this.writer = writer;
        this.events = events;
        this.runtimes = runtimes;
        this.options = options;
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var vmi = cache.VirtualMachineInstances.Get(key);
        if (vmi is null)
        {
            await ShutdownAsync(key);
            return ReconcileResult.Done;
        }

        if (vmi.IsDeleting())
        {
            await ShutdownAsync(key);
            if (!IsFinal(vmi))
            {
                await WriteStatusAsync(vmi, Final(vmi, "Succeeded"), ct);
            }

            await RemoveFinalizerAsync(vmi, ct);
            return ReconcileResult.Done;
        }

        if (IsFinal(vmi))
        {
            await ShutdownAsync(key);
            return ReconcileResult.Done;
        }

        if (vmi.Annotation(DomainExitAnnotation) is "Succeeded" or "Failed")
        {
            await ShutdownAsync(key);
            await WriteStatusAsync(vmi, Final(vmi, vmi.Annotation(DomainExitAnnotation)!), ct);
            return ReconcileResult.Done;
        }

        switch (Phase(vmi))
        {
            case null or "":
                await WriteStatusAsync(vmi, new JsonObject { ["phase"] = "Pending" }, ct);
                return ReconcileResult.Done;
            case "Pending":
                await PendingAsync(vmi, ct);
                return ReconcileResult.Done;
            case "Scheduling":
                await SchedulingAsync(vmi, ct);
                return ReconcileResult.Done;
            case "Scheduled":
                await StartDomainAsync(vmi, ct);
                return ReconcileResult.Done;
            default:
                await RunningAsync(vmi, ct);
                return ReconcileResult.RequeueAfter(options.AgentPingInterval);
        }
    }

    /// <summary>Stops every runtime (the simulator stops).</summary>
    public async Task ShutdownAllAsync()
    {
        foreach (var runtime in runtimes.RemoveAll())
        {
            await runtime.DisposeAsync();
        }
    }

    private async Task PendingAsync(JsonObject vmi, CancellationToken ct)
    {
        var conditions = new JsonArray();
        if (await EnsureBackendClaimAsync(vmi, ct) is { } backendProblem)
        {
            conditions.Add(Condition("Synchronized", "False", "FailedBackendStorageCreate", $"failed to create backend storage: {backendProblem}"));
        }

        foreach (var volume in vmi.Objects("spec", "volumes"))
        {
            if (volume.Str("persistentVolumeClaim", "claimName") is { } claim && cache.Claim(vmi.Namespace(), claim) is null)
            {
                conditions.Add(Condition(
                    "Synchronized", "False", "FailedPvcNotFound", $"PVC {vmi.Namespace()}/{claim} does not exist, waiting for it to appear"));
                break;
            }

            if (DataVolumeName(volume) is { } dvName)
            {
                var dv = cache.DataVolumes.Get(new ObjectKey(vmi.Namespace(), dvName));
                if (dv is null)
                {
                    conditions.Add(Condition(
                        "Synchronized", "False", "FailedDataVolumeNotFound", $"DataVolume {vmi.Namespace()}/{dvName} does not exist"));
                    break;
                }

                if (dv.Status?.Phase is not ("Succeeded" or "WaitForFirstConsumer" or "PendingPopulation"))
                {
                    conditions.Add(Condition("DataVolumesReady", "False", "NotAllDataVolumesReady", "Not all of the VMI's DVs are ready"));
                    break;
                }
            }
        }

        var status = new JsonObject { ["conditions"] = conditions };
        if (conditions.Count == 0)
        {
            status["phase"] = "Scheduling";
            status["conditions"] = new JsonArray(Condition("Ready", "False", "PodNotExists", "virt-launcher pod has not yet been scheduled"));
        }

        await WriteStatusAsync(vmi, status, ct);
    }

    private async Task SchedulingAsync(JsonObject vmi, CancellationToken ct)
    {
        var allReady = !NeedsBackendStorage(vmi) || BackendClaim(vmi) is not null;
        foreach (var volume in vmi.Objects("spec", "volumes").Append(BackendVolume(vmi)).OfType<JsonObject>())
        {
            allReady &= await ClaimReadyAsync(vmi, volume, ct);
        }

        if (allReady)
        {
            await WriteStatusAsync(
                vmi,
                new JsonObject
                {
                    ["phase"] = "Scheduled",
                    ["nodeName"] = options.NodeName,
                    ["conditions"] = new JsonArray(Condition("Ready", "False", "GuestNotRunning", "Guest VM is not reported as running")),
                },
                ct);
        }
    }

    /// <summary>
    /// Whether the volume's claim is Bound and its DataVolume populated. An unbound WaitForFirstConsumer
    /// claim gets <c>volume.kubernetes.io/selected-node</c>, as the scheduler does for the VMI's pod.
    /// </summary>
    private async Task<bool> ClaimReadyAsync(JsonObject vmi, JsonObject volume, CancellationToken ct)
    {
        if (ClaimName(volume) is not { } claimName)
        {
            return true;
        }

        if (DataVolumeName(volume) is { } dvName
            && cache.DataVolumes.Get(new ObjectKey(vmi.Namespace(), dvName)) is { } dv
            && dv.Status?.ClaimName is { Length: > 0 } dvClaim)
        {
            claimName = dvClaim;
        }

        var claim = cache.Claim(vmi.Namespace(), claimName);
        if (claim is null)
        {
            return false;
        }

        if (claim.Status?.Phase != "Bound")
        {
            var mode = cache.StorageClassOf(claim)?.VolumeBindingMode;
            if (mode == "WaitForFirstConsumer" && claim.GetAnnotation(SelectedNodeAnnotation) is null)
            {
                var patch = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [SelectedNodeAnnotation] = options.NodeName } },
                };
                await writer.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                    new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), claim.Name(), claim.Namespace(), cancellationToken: ct);
            }

            return false;
        }

        return DataVolumeName(volume) is not { } name
            || cache.DataVolumes.Get(new ObjectKey(vmi.Namespace(), name))?.Status?.Phase == "Succeeded";
    }

    private const string SelectedNodeAnnotation = "volume.kubernetes.io/selected-node";

    private async Task StartDomainAsync(JsonObject vmi, CancellationToken ct)
    {
        var (runtime, replaced) = runtimes.GetOrAdd(vmi.Key(), vmi.Uid(), () => NewRuntime(vmi));
        if (replaced is not null)
        {
            await replaced.DisposeAsync();
        }

        await LaunchAgentAsync(vmi, runtime, ct);
        await WriteStatusAsync(vmi, RunningStatus(vmi, runtime), ct);
    }

    private async Task RunningAsync(JsonObject vmi, CancellationToken ct)
    {
        var (runtime, replaced) = runtimes.GetOrAdd(vmi.Key(), vmi.Uid(), () => NewRuntime(vmi));
        if (replaced is not null)
        {
            await replaced.DisposeAsync();
        }

        if (runtime.Endpoint is null && runtime.LaunchError is null)
        {
            await LaunchAgentAsync(vmi, runtime, ct);
        }

        if (runtime.Endpoint is not null && !runtime.Paused && runtime.Gate.TryAcquire())
        {
            try
            {
                await PingAsync(runtime, ct);
            }
            finally
            {
                runtime.Gate.Release();
            }
        }

        foreach (var volume in vmi.Objects("spec", "volumes").Where(IsHotpluggable))
        {
            await ClaimReadyAsync(vmi, volume, ct);
        }

        await DumpMemoryAsync(vmi, runtime, ct);

        if (runtime.LaunchError is { } error && !runtime.LaunchErrorReported)
        {
            runtime.LaunchErrorReported = true;
            await events.RecordAsync(CustomResource.VirtualMachineInstances.Reference(vmi), EventRecorder.Warning, "GuestAgentNotStarted", error, ct);
        }

        await WriteStatusAsync(vmi, RunningStatus(vmi, runtime), ct);
    }

    private async Task ShutdownAsync(ObjectKey key)
    {
        if (runtimes.Remove(key) is { } runtime)
        {
            await runtime.DisposeAsync();
        }
    }

    private async Task RemoveFinalizerAsync(JsonObject vmi, CancellationToken ct)
    {
        var finalizers = vmi.Array("metadata", "finalizers");
        if (!finalizers.Any(f => f?.ToString() == VmiFinalizer))
        {
            return;
        }

        var rest = new JsonArray([.. finalizers.Where(f => f?.ToString() != VmiFinalizer).Select(f => f?.DeepClone())]);
        await writer.JsonPatchAsync(
            CustomResource.VirtualMachineInstances,
            vmi.Key(),
            new JsonArray(
                new JsonObject { ["op"] = "test", ["path"] = "/metadata/finalizers", ["value"] = finalizers.DeepClone() },
                new JsonObject { ["op"] = "replace", ["path"] = "/metadata/finalizers", ["value"] = rest }),
            ct);
    }

    /// <summary>Merge-patches the fields of <paramref name="desired"/> that differ; keeps transition times of unchanged conditions.</summary>
    private async Task WriteStatusAsync(JsonObject vmi, JsonObject desired, CancellationToken ct)
    {
        var current = vmi.Obj("status");
        var now = JsonAccess.Timestamp(options.Runtime.Time.GetUtcNow());
        if (desired["conditions"] is JsonArray conditions)
        {
            foreach (var condition in conditions.OfType<JsonObject>())
            {
                var old = current.Objects("conditions").FirstOrDefault(c => c.Str("type") == condition.Str("type"));
                condition["lastTransitionTime"] = old is not null && old.Str("status") == condition.Str("status")
                    ? old["lastTransitionTime"]?.DeepClone()
                    : now;
            }
        }

        var patch = StatusPatch.Changes(current, desired);

        if (desired.Str("phase") is { } phase && phase != current.Str("phase"))
        {
            var transitions = current.Array("phaseTransitionTimestamps").DeepClone().AsArray();
            transitions.Add(new JsonObject { ["phase"] = phase, ["phaseTransitionTimestamp"] = now });
            patch["phaseTransitionTimestamps"] = transitions;
        }

        if (patch.Count > 0)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachineInstances, vmi.Key(), patch, ct);
        }
    }
}
