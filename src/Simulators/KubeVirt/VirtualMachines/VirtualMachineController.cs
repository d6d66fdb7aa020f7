using System.Globalization;
using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Instancetypes;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>
/// virt-controller's VM loop: keeps a VirtualMachineInstance running or stopped as the VM's run strategy
/// and state-change requests say, creates the VM's DataVolumes from its templates, records the spec a VMI
/// starts from in a ControllerRevision, hot-plugs persisted volumes into the running VMI, runs memory dumps, and reports
/// <c>status.printableStatus</c>, <c>ready</c>, <c>created</c>, <c>runStrategy</c> and the conditions.
/// It never writes the snapshot controller's status fields. As virt-controller, it acts on a VM only once its
/// cache shows the instance it last created or deleted (<see cref="InstanceExpectations"/>), and it reads the VM
/// afresh before a start that hangs on its own earlier status write.
/// </summary>
internal sealed partial class VirtualMachineController
{
    private readonly ClusterCache cache;
    private readonly ObjectWriter writer;
    private readonly EventRecorder events;
    private readonly TimeProvider time;
    private readonly InstanceExpectations expectations;
    private readonly InstancetypeRevisions instancetypes;

    public VirtualMachineController(ClusterCache cache, ObjectWriter writer, EventRecorder events, TimeProvider time)
    {
        this.cache = cache;
        this.writer = writer;
        instancetypes = new InstancetypeRevisions(writer);
        this.events = events;
        this.time = time;
        expectations = new InstanceExpectations(time);
        cache.VirtualMachineInstances.OnChange(expectations.Observe);
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var vm = cache.VirtualMachines.Get(key);
        var cached = cache.VirtualMachineInstances.Get(key);
        var vmi = cached;
        if (vm is null)
        {
            expectations.Forget(key);
            if (vmi is not null && vmi.ControllerReference()?.Kind == KubeVirtApi.VirtualMachineKind && !vmi.IsDeleting())
            {
                await writer.DeleteAsync(CustomResource.VirtualMachineInstances, key, cancellationToken);
            }

            return ReconcileResult.Done;
        }

        if (vmi is not null && !vmi.IsControlledBy(vm.UidOrEmpty()))
        {
            if (vmi.ControllerReference()?.Kind == KubeVirtApi.VirtualMachineKind && !vmi.IsDeleting())
            {
                // An instance left over from an earlier VM of the same name.
                await writer.DeleteAsync(CustomResource.VirtualMachineInstances, key, cancellationToken);
                expectations.ExpectDeletion(key, vmi.UidOrEmpty());
            }

            vmi = null;
        }

        var awaited = expectations.Awaited(key, cached);
        string? failure = null;
        if (vm.IsDeleting())
        {
            if (awaited == InstanceChange.None)
            {
                await StopAsync(vm, vmi, cancellationToken);
            }
        }
        else
        {
            try
            {
                var strategy = RunStrategyOf(vm);
                vm = await StoreInstancetypeRevisionsAsync(vm, cancellationToken);
                if (awaited == InstanceChange.None)
                {
                    vm = await TrimStateChangeRequestAsync(vm, vmi, cancellationToken);
                    await SyncRunStrategyAsync(vm, vmi, strategy, cancellationToken);
                    await SyncHotplugVolumesAsync(vm, vmi, cancellationToken);
                    await SyncMemoryDumpAsync(vm, vmi, cancellationToken);
                }
            }
            catch (InvalidOperationException e)
            {
                failure = e.Message;
            }
        }

        await UpdateStatusAsync(vm, vmi, awaited, failure, cancellationToken);

        // The cache's next change of the instance brings the VM back; the requeue only ends a lapsed expectation.
        return awaited == InstanceChange.None ? ReconcileResult.Done : ReconcileResult.RequeueAfter(InstanceExpectations.Timeout);
    }

    private async Task SyncRunStrategyAsync(VirtualMachine vm, VirtualMachineInstance? vmi, RunStrategy strategy, CancellationToken ct)
    {
        switch (strategy)
        {
            case RunStrategy.Always:
                if (vmi is null)
                {
                    await StartAsync(vm, ct);
                }
                else if (HasStopRequestFor(vm, vmi) || IsFinal(vmi))
                {
                    await StopAsync(vm, vmi, ct);
                }

                break;
            case RunStrategy.RerunOnFailure:
                if (vmi is not null)
                {
                    var failed = Phase(vmi) == KubeVirtApi.InstancePhases.Failed;
                    if (!vmi.IsDeleting() && (HasStopRequestFor(vm, vmi) || failed || Phase(vmi) == KubeVirtApi.InstancePhases.Succeeded))
                    {
                        await StopAsync(vm, vmi, ct);
                        if (failed)
                        {
                            await AddStateChangeRequestAsync(vm, new VirtualMachineStateChangeRequest { Action = StartAction }, ct);
                        }
                    }
                }
                else if (HasStartRequest(vm) || vm.Status?.RunStrategy != nameof(RunStrategy.RerunOnFailure))
                {
                    await StartRerunOnFailureAsync(vm, ct);
                }

                break;
            case RunStrategy.Manual:
                if (vmi is not null)
                {
                    if (HasStopRequestFor(vm, vmi))
                    {
                        await StopAsync(vm, vmi, ct);
                    }
                }
                else if (HasStartRequest(vm))
                {
                    await StartAsync(vm, ct);
                }

                break;
            case RunStrategy.Halted:
                if (vmi is not null)
                {
                    await StopAsync(vm, vmi, ct);
                }

                break;
            case RunStrategy.Once:
                if (vmi is null)
                {
                    await StartAsync(vm, ct);
                }

                break;
        }
    }

    /// <summary>
    /// Starts a RerunOnFailure VM that has a start request or has just come to this strategy. Both are read from
    /// the VM's status, which this controller writes itself (<c>runStrategy</c>) and trims (<c>stateChangeRequests</c>):
    /// a cache that has not shown those writes yet would restart an instance whose guest shut down, so the start
    /// is decided on the current VM.
    /// </summary>
    private async Task StartRerunOnFailureAsync(VirtualMachine cached, CancellationToken ct)
    {
        var vm = await writer.TryGetAsync<VirtualMachine>(CustomResource.VirtualMachines, cached.Key(), ct);
        if (vm is not null
            && vm.Uid() == cached.Uid()
            && RunStrategyOf(vm) == RunStrategy.RerunOnFailure
            && (HasStartRequest(vm) || vm.Status?.RunStrategy != nameof(RunStrategy.RerunOnFailure)))
        {
            await StartAsync(vm, ct);
        }
    }

    private async Task StartAsync(VirtualMachine vm, CancellationToken ct)
    {
        if (!await DataVolumesReadyAsync(vm, ct))
        {
            return;
        }

        var revision = await CreateRevisionAsync(vm, ct);
        var template = vm.Spec.Template;
        var vmi = new VirtualMachineInstance
        {
            Metadata = new V1ObjectMeta
            {
                Name = vm.Name(),
                NamespaceProperty = vm.NamespaceOrEmpty(),
                Labels = new Dictionary<string, string>(template?.Metadata?.Labels ?? new Dictionary<string, string>()) { [CreatedByLabel] = vm.Name() },
                Annotations = new Dictionary<string, string>(template?.Metadata?.Annotations ?? new Dictionary<string, string>())
                {
                    [GenerationAnnotation] = vm.Generation().GetValueOrDefault().ToString(CultureInfo.InvariantCulture),
                },
                Finalizers = [VmiFinalizer],
                OwnerReferences = [ControllerReference.To(KubeVirtApi.ApiVersion, KubeVirtApi.VirtualMachineKind, vm.Name(), vm.UidOrEmpty())],
            },
            Spec = template?.Spec is { } spec ? ObjectCopy.Of(spec) : new VirtualMachineInstanceSpec(),
            Status = new VirtualMachineInstanceStatus { Phase = KubeVirtApi.InstancePhases.Pending, VirtualMachineRevisionName = revision },
        };
        var (instancetype, preference) = await instancetypes.ReadAsync(vm, ct);
        InstancetypeExpansion.Apply(vmi, vm, instancetype, preference);
        DropFinishedMemoryDump(vm, vmi.Spec);
        VirtualMachineInstance created;
        expectations.ExpectCreation(vm.Key());
        try
        {
            created = await writer.CreateAsync(CustomResource.VirtualMachineInstances, vmi, ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // An instance of that name the cache does not show yet, or one still being deleted; its watch event brings the VM back here.
            expectations.CreationFailed(vm.Key());
            return;
        }
        catch
        {
            expectations.CreationFailed(vm.Key());
            throw;
        }

        expectations.Created(vm.Key(), created.UidOrEmpty());

        if (created.Status?.VirtualMachineRevisionName != revision)
        {
            await writer.PatchStatusAsync(
                CustomResource.VirtualMachineInstances,
                created.Key(),
                StatusPatch.ToJson(new VirtualMachineInstanceStatus { Phase = KubeVirtApi.InstancePhases.Pending, VirtualMachineRevisionName = revision }),
                ct);
        }

        await events.RecordAsync(
            CustomResource.VirtualMachines.Reference(vm), EventRecorder.Normal, "SuccessfulCreate",
            $"Started the virtual machine by creating the new virtual machine instance {vm.Name()}", ct);
    }

    /// <exception cref="InvalidOperationException">The VM's instance type or preference cannot be kept (reported as its Failure condition).</exception>
    private async Task<VirtualMachine> StoreInstancetypeRevisionsAsync(VirtualMachine vm, CancellationToken ct)
    {
        try
        {
            return await instancetypes.StoreAsync(vm, ct);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"Error encountered while storing Instancetype ControllerRevisions: {e.Message}", e);
        }
    }

    private async Task StopAsync(VirtualMachine vm, VirtualMachineInstance? vmi, CancellationToken ct)
    {
        if (vmi is null || vmi.IsDeleting())
        {
            return;
        }

        await writer.DeleteAsync(CustomResource.VirtualMachineInstances, vmi.Key(), ct);
        expectations.ExpectDeletion(vmi.Key(), vmi.UidOrEmpty());
        await events.RecordAsync(
            CustomResource.VirtualMachines.Reference(vm), EventRecorder.Normal, "SuccessfulDelete",
            $"Stopped the virtual machine by deleting the virtual machine instance {vmi.Uid()}", ct);
    }

    /// <summary>Creates missing DataVolumes of <c>spec.dataVolumeTemplates</c>; true when all can back a starting VMI.</summary>
    private async Task<bool> DataVolumesReadyAsync(VirtualMachine vm, CancellationToken ct)
    {
        var ready = true;
        foreach (var template in vm.Spec.DataVolumeTemplates ?? [])
        {
            var name = template.Metadata?.Name;
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var dv = cache.DataVolumes.Get(new ObjectKey(vm.NamespaceOrEmpty(), name));
            if (dv is null)
            {
                var metadata = ObjectCopy.Of(template.Metadata!);
                metadata.NamespaceProperty = vm.NamespaceOrEmpty();
                metadata.OwnerReferences = [ControllerReference.To(KubeVirtApi.ApiVersion, KubeVirtApi.VirtualMachineKind, vm.Name(), vm.UidOrEmpty())];
                await writer.CreateAsync(
                    CustomResource.DataVolumes,
                    new DataVolume { Metadata = metadata, Spec = template.Spec is { } spec ? ObjectCopy.Of(spec) : new DataVolumeSpec() },
                    ct);
                ready = false;
                continue;
            }

            ready &= dv.Status?.Phase is "Succeeded" or "WaitForFirstConsumer" or "PendingPopulation";
        }

        return ready;
    }
}
