using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>The VM status the controller writes: printable status, ready, created, conditions.</summary>
internal sealed partial class VirtualMachineController
{
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
        var patch = StatusPatch.Changes(status, desired);

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
