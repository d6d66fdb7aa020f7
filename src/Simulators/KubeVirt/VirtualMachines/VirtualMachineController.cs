using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>
/// virt-controller's VM loop: keeps a VirtualMachineInstance running or stopped as the VM's run strategy
/// and state-change requests say, creates the VM's DataVolumes from its templates, records the spec a VMI
/// starts from in a ControllerRevision, hot-plugs persisted volumes into the running VMI, and reports
/// <c>status.printableStatus</c>, <c>ready</c>, <c>created</c>, <c>runStrategy</c> and the conditions.
/// It never writes the snapshot controller's status fields. As virt-controller, it acts on a VM only once its
/// cache shows the instance it last created or deleted (<see cref="InstanceExpectations"/>), and it reads the VM
/// afresh before a start that hangs on its own earlier status write.
/// </summary>
internal sealed class VirtualMachineController
{
    private readonly ClusterCache cache;
    private readonly ObjectWriter writer;
    private readonly EventRecorder events;
    private readonly TimeProvider time;
    private readonly InstanceExpectations expectations;

    public VirtualMachineController(ClusterCache cache, ObjectWriter writer, EventRecorder events, TimeProvider time)
    {
        this.cache = cache;
        this.writer = writer;
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
            if (vmi is not null && ControllerOf(vmi)?.Str("kind") == "VirtualMachine" && !vmi.IsDeleting())
            {
                await writer.DeleteAsync(CustomResource.VirtualMachineInstances, key, cancellationToken);
            }

            return ReconcileResult.Done;
        }

        if (vmi is not null && !IsControlledBy(vmi, vm.Uid()))
        {
            if (ControllerOf(vmi)?.Str("kind") == "VirtualMachine" && !vmi.IsDeleting())
            {
                // An instance left over from an earlier VM of the same name.
                await writer.DeleteAsync(CustomResource.VirtualMachineInstances, key, cancellationToken);
                expectations.ExpectDeletion(key, vmi.Uid());
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
                if (awaited == InstanceChange.None)
                {
                    vm = await TrimStateChangeRequestAsync(vm, vmi, cancellationToken);
                    await SyncRunStrategyAsync(vm, vmi, strategy, cancellationToken);
                    await SyncHotplugVolumesAsync(vm, vmi, cancellationToken);
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

    private async Task SyncRunStrategyAsync(JsonObject vm, JsonObject? vmi, RunStrategy strategy, CancellationToken ct)
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
                    var failed = Phase(vmi) == "Failed";
                    if (!vmi.IsDeleting() && (HasStopRequestFor(vm, vmi) || failed || Phase(vmi) == "Succeeded"))
                    {
                        await StopAsync(vm, vmi, ct);
                        if (failed)
                        {
                            await AddStateChangeRequestAsync(vm, new JsonObject { ["action"] = "Start" }, ct);
                        }
                    }
                }
                else if (HasStartRequest(vm) || vm.Str("status", "runStrategy") != nameof(RunStrategy.RerunOnFailure))
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
    private async Task StartRerunOnFailureAsync(JsonObject cached, CancellationToken ct)
    {
        var vm = await writer.TryGetAsync(CustomResource.VirtualMachines, cached.Key(), ct);
        if (vm is not null
            && vm.Uid() == cached.Uid()
            && RunStrategyOf(vm) == RunStrategy.RerunOnFailure
            && (HasStartRequest(vm) || vm.Str("status", "runStrategy") != nameof(RunStrategy.RerunOnFailure)))
        {
            await StartAsync(vm, ct);
        }
    }

    private async Task StartAsync(JsonObject vm, CancellationToken ct)
    {
        if (!await DataVolumesReadyAsync(vm, ct))
        {
            return;
        }

        var revision = await CreateRevisionAsync(vm, ct);
        var template = vm.Obj("spec", "template").Clone();
        var metadata = template["metadata"] as JsonObject ?? [];
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[GenerationAnnotation] = vm.Generation().ToString(CultureInfo.InvariantCulture);
        var labels = metadata["labels"] as JsonObject ?? [];
        labels[CreatedByLabel] = vm.Name();
        var vmi = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = vm.Name(),
                ["namespace"] = vm.Namespace(),
                ["labels"] = labels.DeepClone(),
                ["annotations"] = annotations.DeepClone(),
                ["finalizers"] = new JsonArray(VmiFinalizer),
                ["ownerReferences"] = new JsonArray(ControllerReference("kubevirt.io/v1", "VirtualMachine", vm.Name(), vm.Uid())),
            },
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
            ["status"] = new JsonObject { ["phase"] = "Pending", ["virtualMachineRevisionName"] = revision },
        };
        JsonObject created;
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

        expectations.Created(vm.Key(), created.Uid());

        if (created.Str("status", "virtualMachineRevisionName") != revision)
        {
            await writer.PatchStatusAsync(
                CustomResource.VirtualMachineInstances,
                created.Key(),
                new JsonObject { ["phase"] = "Pending", ["virtualMachineRevisionName"] = revision },
                ct);
        }

        await events.RecordAsync(
            CustomResource.VirtualMachines.Reference(vm), EventRecorder.Normal, "SuccessfulCreate",
            $"Started the virtual machine by creating the new virtual machine instance {vm.Name()}", ct);
    }

    private async Task StopAsync(JsonObject vm, JsonObject? vmi, CancellationToken ct)
    {
        if (vmi is null || vmi.IsDeleting())
        {
            return;
        }

        await writer.DeleteAsync(CustomResource.VirtualMachineInstances, vmi.Key(), ct);
        expectations.ExpectDeletion(vmi.Key(), vmi.Uid());
        await events.RecordAsync(
            CustomResource.VirtualMachines.Reference(vm), EventRecorder.Normal, "SuccessfulDelete",
            $"Stopped the virtual machine by deleting the virtual machine instance {vmi.Uid()}", ct);
    }

    /// <summary>Creates missing DataVolumes of <c>spec.dataVolumeTemplates</c>; true when all can back a starting VMI.</summary>
    private async Task<bool> DataVolumesReadyAsync(JsonObject vm, CancellationToken ct)
    {
        var ready = true;
        foreach (var template in vm.Objects("spec", "dataVolumeTemplates"))
        {
            var name = template.Str("metadata", "name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var dv = cache.DataVolumes.Get(new ObjectKey(vm.Namespace(), name));
            if (dv is null)
            {
                var metadata = template.Obj("metadata").Clone();
                metadata["namespace"] = vm.Namespace();
                metadata["ownerReferences"] = new JsonArray(ControllerReference("kubevirt.io/v1", "VirtualMachine", vm.Name(), vm.Uid()));
                await writer.CreateAsync(
                    CustomResource.DataVolumes,
                    new JsonObject { ["metadata"] = metadata, ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject() },
                    ct);
                ready = false;
                continue;
            }

            ready &= dv.Str("status", "phase") is "Succeeded" or "WaitForFirstConsumer" or "PendingPopulation";
        }

        return ready;
    }

    private async Task<string> CreateRevisionAsync(JsonObject vm, CancellationToken ct)
    {
        var prefix = $"revision-start-vm-{vm.Uid()}-";
        var name = prefix + vm.Generation().ToString(CultureInfo.InvariantCulture);
        var revision = new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = vm.Namespace(),
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "kubevirt.io/v1",
                        Kind = "VirtualMachine",
                        Name = vm.Name(),
                        Uid = vm.Uid(),
                        BlockOwnerDeletion = true,
                        Controller = true,
                    },
                ],
            },
            Data = new JsonObject { ["spec"] = vm["spec"]?.DeepClone() },
            Revision = vm.Generation(),
        };
        try
        {
            await writer.Client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, vm.Namespace(), cancellationToken: ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // AlreadyExists: the same generation started before.
        }

        var existing = await writer.Client.AppsV1.ListNamespacedControllerRevisionAsync(vm.Namespace(), cancellationToken: ct);
        foreach (var old in existing.Items.Where(r => r.Name().StartsWith(prefix, StringComparison.Ordinal) && r.Name() != name))
        {
            try
            {
                await writer.Client.AppsV1.DeleteNamespacedControllerRevisionAsync(old.Name(), vm.Namespace(), cancellationToken: ct);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }

        return name;
    }

    /// <summary>
    /// Drops the first state-change request once it has been acted on (the VMI started, or the stopped VMI is gone);
    /// returns the VM as it is after that.
    /// </summary>
    private async Task<JsonObject> TrimStateChangeRequestAsync(JsonObject vm, JsonObject? vmi, CancellationToken ct)
    {
        var requests = StateChangeRequests(vm);
        if (requests.Count == 0)
        {
            return vm;
        }

        var first = requests[0];
        var done = first.Str("action") switch
        {
            "Stop" => vmi is null || first.Str("uid") is null || first.Str("uid") != vmi.Uid(),
            "Start" => vmi is not null && !vmi.IsDeleting() && !IsFinal(vmi),
            _ => true,
        };
        if (!done)
        {
            return vm;
        }

        var rest = new JsonArray([.. requests.Skip(1).Select(r => r.DeepClone())]);
        var operations = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/status/stateChangeRequests", ["value"] = vm.Node("status", "stateChangeRequests")!.DeepClone() },
            rest.Count == 0
                ? new JsonObject { ["op"] = "remove", ["path"] = "/status/stateChangeRequests" }
                : new JsonObject { ["op"] = "replace", ["path"] = "/status/stateChangeRequests", ["value"] = rest });
        return await writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct);
    }

    private async Task AddStateChangeRequestAsync(JsonObject vm, JsonObject request, CancellationToken ct)
    {
        var current = vm.Node("status", "stateChangeRequests");
        var operations = current is null
            ? new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/status/stateChangeRequests", ["value"] = new JsonArray(request) })
            : new JsonArray(
                new JsonObject { ["op"] = "test", ["path"] = "/status/stateChangeRequests", ["value"] = current.DeepClone() },
                new JsonObject { ["op"] = "add", ["path"] = "/status/stateChangeRequests/-", ["value"] = request });
        if (vm["status"] is null)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), [], ct);
        }

        await writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct);
    }

    /// <summary>Adds volumes persisted as hotpluggable in the VM template to its running VMI.</summary>
    private async Task SyncHotplugVolumesAsync(JsonObject vm, JsonObject? vmi, CancellationToken ct)
    {
        if (vmi is null || vmi.IsDeleting() || !IsRunning(vmi))
        {
            return;
        }

        var present = vmi.Objects("spec", "volumes").Select(v => v.Str("name")).ToHashSet(StringComparer.Ordinal);
        var missing = TemplateVolumes(vm).Where(v => IsHotpluggable(v) && !present.Contains(v.Str("name"))).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // A cached VM may still list a volume that removevolume has just unplugged: decide on the current VM.
        vm = await writer.GetAsync(CustomResource.VirtualMachines, vm.Key(), ct);
        missing = [.. TemplateVolumes(vm).Where(v => IsHotpluggable(v) && !present.Contains(v.Str("name")))];
        if (missing.Count == 0)
        {
            return;
        }

        var templateDisks = vm.Objects("spec", "template", "spec", "domain", "devices", "disks").ToList();
        var volumes = new JsonArray([.. vmi.Objects("spec", "volumes").Select(v => v.DeepClone()), .. missing.Select(v => v.DeepClone())]);
        var disks = new JsonArray([
            .. vmi.Objects("spec", "domain", "devices", "disks").Select(d => d.DeepClone()),
            .. missing.Select(v => templateDisks.FirstOrDefault(d => d.Str("name") == v.Str("name"))?.DeepClone()
                ?? new JsonObject { ["name"] = v.Str("name"), ["disk"] = new JsonObject { ["bus"] = "scsi" } }),
        ]);
        await writer.JsonPatchAsync(CustomResource.VirtualMachineInstances, vmi.Key(), VolumePatch.Replace("/spec", vmi, volumes, disks), ct);
    }

    private async Task UpdateStatusAsync(JsonObject vm, JsonObject? vmi, InstanceChange awaited, string? failure, CancellationToken ct)
    {
        var status = vm.Obj("status");
        var desired = new JsonObject
        {
            ["printableStatus"] = PrintableStatus.Of(vm, vmi, awaited, cache),
            ["created"] = vmi is not null,
            ["ready"] = vmi is not null && !IsFinal(vmi) && HasCondition(vmi, "Ready", "True"),
            ["desiredGeneration"] = vm.Generation(),
        };
        if (!vm.IsDeleting() && failure is null)
        {
            desired["runStrategy"] = RunStrategyOf(vm).ToString();
        }

        if (vmi?.Annotation(GenerationAnnotation) is { } started && long.TryParse(started, CultureInfo.InvariantCulture, out var generation))
        {
            desired["observedGeneration"] = generation;
        }

        desired["conditions"] = Conditions(vm, vmi, failure, JsonAccess.Timestamp(time.GetUtcNow()));
        var patch = new JsonObject();
        foreach (var (name, value) in desired)
        {
            if (!JsonNode.DeepEquals(status[name], value))
            {
                patch[name] = value?.DeepClone();
            }
        }

        if (patch.Count > 0)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), patch, ct);
        }
    }

    /// <summary>Ready mirrors the VMI's; the VMI's other conditions are copied; Failure reports a sync error.</summary>
    private static JsonArray Conditions(JsonObject vm, JsonObject? vmi, string? failure, string now)
    {
        var existing = vm.Objects("status", "conditions").ToList();
        var result = new JsonArray();
        JsonObject Keep(JsonObject fresh)
        {
            var old = existing.FirstOrDefault(c => c.Str("type") == fresh.Str("type"));
            if (old is not null && old.Str("status") == fresh.Str("status") && old.Str("reason") == fresh.Str("reason"))
            {
                fresh["lastTransitionTime"] = old["lastTransitionTime"]?.DeepClone();
            }
            else if (fresh.Str("lastTransitionTime") is null)
            {
                fresh["lastTransitionTime"] = now;
            }

            return fresh;
        }

        var vmiReady = vmi?.Condition("Ready");
        result.Add(Keep(vmi is null
            ? Condition("Ready", "False", "VMINotExists", "VMI does not exist", null)
            : vmiReady is null
                ? Condition("Ready", "False", "VMIConditionMissing", "VMI is missing the Ready condition", null)
                : Condition("Ready", vmiReady.Str("status")!, vmiReady.Str("reason"), vmiReady.Str("message"), vmiReady.Str("lastTransitionTime"))));
        if (failure is not null)
        {
            result.Add(Keep(Condition("Failure", "True", "FailedCreate", failure, null)));
        }

        foreach (var condition in vmi?.Objects("status", "conditions") ?? [])
        {
            if (condition.Str("type") is not ("Ready" or "Failure" or "RestartRequired"))
            {
                result.Add(condition.DeepClone());
            }
        }

        foreach (var condition in existing.Where(c => c.Str("type") == "RestartRequired"))
        {
            result.Add(condition.DeepClone());
        }

        return result;
    }

    private static JsonObject Condition(string type, string status, string? reason, string? message, string? lastTransitionTime)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        condition["lastProbeTime"] = null;
        condition["lastTransitionTime"] = lastTransitionTime;
        return condition;
    }
}
