using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.KubeVirtConditions;
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
                await WriteStatusAsync(vmi, Final(KubeVirtApi.InstancePhases.Succeeded), ct);
            }

            await RemoveFinalizerAsync(vmi, ct);
            return ReconcileResult.Done;
        }

        if (IsFinal(vmi))
        {
            await ShutdownAsync(key);
            return ReconcileResult.Done;
        }

        if (vmi.GetAnnotation(DomainExitAnnotation) is (KubeVirtApi.InstancePhases.Succeeded or KubeVirtApi.InstancePhases.Failed) and var exit)
        {
            await ShutdownAsync(key);
            await WriteStatusAsync(vmi, Final(exit), ct);
            return ReconcileResult.Done;
        }

        switch (Phase(vmi))
        {
            case null or "":
                await WriteStatusAsync(vmi, new VirtualMachineInstanceStatus { Phase = KubeVirtApi.InstancePhases.Pending }, ct);
                return ReconcileResult.Done;
            case KubeVirtApi.InstancePhases.Pending:
                await PendingAsync(vmi, ct);
                return ReconcileResult.Done;
            case KubeVirtApi.InstancePhases.Scheduling:
                await SchedulingAsync(vmi, ct);
                return ReconcileResult.Done;
            case KubeVirtApi.InstancePhases.Scheduled:
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

    private async Task PendingAsync(VirtualMachineInstance vmi, CancellationToken ct)
    {
        var ns = vmi.NamespaceOrEmpty();
        var conditions = new List<StatusCondition>();
        if (await EnsureBackendClaimAsync(vmi, ct) is { } backendProblem)
        {
            conditions.Add(New(KubeVirtApi.ConditionTypes.Synchronized, "False", "FailedBackendStorageCreate", $"failed to create backend storage: {backendProblem}"));
        }

        foreach (var volume in Volumes(vmi.Spec))
        {
            if (volume.PersistentVolumeClaim?.ClaimName is { } claim && cache.Claim(ns, claim) is null)
            {
                conditions.Add(New(
                    KubeVirtApi.ConditionTypes.Synchronized, "False", "FailedPvcNotFound", $"PVC {ns}/{claim} does not exist, waiting for it to appear"));
                break;
            }

            if (volume.DataVolume?.Name is { } dvName)
            {
                var dv = cache.DataVolumes.Get(new ObjectKey(ns, dvName));
                if (dv is null)
                {
                    conditions.Add(New(
                        KubeVirtApi.ConditionTypes.Synchronized, "False", "FailedDataVolumeNotFound", $"DataVolume {ns}/{dvName} does not exist"));
                    break;
                }

                if (dv.Status?.Phase is not ("Succeeded" or "WaitForFirstConsumer" or "PendingPopulation"))
                {
                    conditions.Add(New(KubeVirtApi.ConditionTypes.DataVolumesReady, "False", "NotAllDataVolumesReady", "Not all of the VMI's DVs are ready"));
                    break;
                }
            }
        }

        var status = conditions.Count == 0
            ? new VirtualMachineInstanceStatus
            {
                Phase = KubeVirtApi.InstancePhases.Scheduling,
                Conditions = [New(KubeVirtApi.ConditionTypes.Ready, "False", "PodNotExists", "virt-launcher pod has not yet been scheduled")],
            }
            : new VirtualMachineInstanceStatus { Conditions = conditions };
        await WriteStatusAsync(vmi, status, ct);
    }

    private async Task SchedulingAsync(VirtualMachineInstance vmi, CancellationToken ct)
    {
        var allReady = !NeedsBackendStorage(vmi) || BackendClaim(vmi) is not null;
        foreach (var volume in Volumes(vmi.Spec).Append(BackendVolume(vmi)).OfType<Volume>())
        {
            allReady &= await ClaimReadyAsync(vmi, volume, ct);
        }

        if (allReady)
        {
            await WriteStatusAsync(
                vmi,
                new VirtualMachineInstanceStatus
                {
                    Phase = KubeVirtApi.InstancePhases.Scheduled,
                    NodeName = options.NodeName,
                    Conditions = [New(KubeVirtApi.ConditionTypes.Ready, "False", "GuestNotRunning", "Guest VM is not reported as running")],
                },
                ct);
        }
    }

    /// <summary>
    /// Whether the volume's claim is Bound and its DataVolume populated. An unbound WaitForFirstConsumer
    /// claim gets <c>volume.kubernetes.io/selected-node</c>, as the scheduler does for the VMI's pod.
    /// </summary>
    private Task<bool> ClaimReadyAsync(VirtualMachineInstance vmi, Volume volume, CancellationToken ct)
        => volume.ClaimName is { } claimName ? ClaimReadyAsync(vmi, claimName, volume.DataVolume?.Name, ct) : Task.FromResult(true);

    private async Task<bool> ClaimReadyAsync(VirtualMachineInstance vmi, string claimName, string? dataVolumeName, CancellationToken ct)
    {
        var ns = vmi.NamespaceOrEmpty();
        if (dataVolumeName is not null
            && cache.DataVolumes.Get(new ObjectKey(ns, dataVolumeName)) is { } dv
            && dv.Status?.ClaimName is { Length: > 0 } dvClaim)
        {
            claimName = dvClaim;
        }

        var claim = cache.Claim(ns, claimName);
        if (claim is null)
        {
            return false;
        }

        if (claim.Status?.Phase != "Bound")
        {
            var mode = cache.StorageClassOf(claim)?.VolumeBindingMode;
            if (mode == "WaitForFirstConsumer" && claim.GetAnnotation(SelectedNodeAnnotation) is null)
            {
                var patch = new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [SelectedNodeAnnotation] = options.NodeName } } };
                await writer.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                    new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.MergePatch), claim.Name(), claim.Namespace(), cancellationToken: ct);
            }

            return false;
        }

        return dataVolumeName is null || cache.DataVolumes.Get(new ObjectKey(ns, dataVolumeName))?.Status?.Phase == "Succeeded";
    }

    private const string SelectedNodeAnnotation = "volume.kubernetes.io/selected-node";

    private async Task StartDomainAsync(VirtualMachineInstance vmi, CancellationToken ct)
    {
        var (runtime, replaced) = runtimes.GetOrAdd(vmi.Key(), vmi.UidOrEmpty(), () => NewRuntime(vmi));
        if (replaced is not null)
        {
            await replaced.DisposeAsync();
        }

        await LaunchAgentAsync(vmi, runtime, ct);
        await WriteStatusAsync(vmi, RunningStatus(vmi, runtime), ct);
    }

    private async Task RunningAsync(VirtualMachineInstance vmi, CancellationToken ct)
    {
        var (runtime, replaced) = runtimes.GetOrAdd(vmi.Key(), vmi.UidOrEmpty(), () => NewRuntime(vmi));
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

        foreach (var volume in Volumes(vmi.Spec).Where(IsHotpluggedDisk))
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

    private async Task RemoveFinalizerAsync(VirtualMachineInstance vmi, CancellationToken ct)
    {
        var finalizers = vmi.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(VmiFinalizer))
        {
            return;
        }

        await writer.JsonPatchAsync(
            CustomResource.VirtualMachineInstances,
            vmi.Key(),
            new JsonArray(
                JsonPatch.Test(FinalizersPath, JsonPatch.Json(finalizers)),
                JsonPatch.Replace(FinalizersPath, JsonPatch.Json(finalizers.Where(f => f != VmiFinalizer).ToList()))),
            ct);
    }

    /// <summary>
    /// Merge-patches the fields of <paramref name="desired"/> that differ (and drops a <c>fsFreezeStatus</c> it leaves
    /// unset); keeps the transition times of unchanged conditions and records a phase change.
    /// </summary>
    private async Task WriteStatusAsync(VirtualMachineInstance vmi, VirtualMachineInstanceStatus desired, CancellationToken ct)
    {
        var current = vmi.Status;
        var now = ConditionTime.Of(options.Runtime.Time.GetUtcNow());
        KeepTransitionTimes(desired.Conditions ?? [], current?.Conditions, now, reasonCounts: false);
        if (desired.Phase is { } phase && phase != current?.Phase)
        {
            desired.PhaseTransitionTimestamps = [.. current?.PhaseTransitionTimestamps ?? [], new PhaseTransitionTimestamp { Phase = phase, Timestamp = now }];
        }

        var patch = StatusPatch.Owned(current, desired, FsFreezeStatusField);
        if (patch.Count > 0)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachineInstances, vmi.Key(), patch, ct);
        }
    }

    private const string FsFreezeStatusField = "fsFreezeStatus";
    private const string FinalizersPath = "/metadata/finalizers";
}
