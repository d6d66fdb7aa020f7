using System.Globalization;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Simulators.KubeVirt.Objects;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.KubeVirtConditions;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>The VM status the controller writes: printable status, ready, created, conditions.</summary>
internal sealed partial class VirtualMachineController
{
    private const string RestartRequired = "RestartRequired";

    private async Task UpdateStatusAsync(VirtualMachine vm, VirtualMachineInstance? vmi, InstanceChange awaited, string? failure, CancellationToken ct)
    {
        var desired = new VirtualMachineStatus
        {
            PrintableStatus = PrintableStatus.Of(vm, vmi, awaited, cache),
            Created = vmi is not null,
            Ready = vmi is not null && !IsFinal(vmi) && HasCondition(vmi, KubeVirtApi.ConditionTypes.Ready, "True"),
            DesiredGeneration = vm.Generation().GetValueOrDefault(),
            RunStrategy = !vm.IsDeleting() && failure is null ? RunStrategyOf(vm).ToString() : null,
            ObservedGeneration = vmi?.GetAnnotation(GenerationAnnotation) is { } started && long.TryParse(started, CultureInfo.InvariantCulture, out var generation)
                ? generation
                : null,
            Conditions = Conditions(vm, vmi, failure, ConditionTime.Of(time.GetUtcNow())),
        };
        var patch = StatusPatch.Owned(vm.Status, desired);
        if (patch.Count > 0)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), patch, ct);
        }
    }

    /// <summary>Ready mirrors the VMI's; the VMI's other conditions are copied; Failure reports a sync error.</summary>
    private static List<StatusCondition> Conditions(VirtualMachine vm, VirtualMachineInstance? vmi, string? failure, DateTime now)
    {
        var existing = vm.Status?.Conditions;
        var vmiReady = ConditionOf(vmi?.Status?.Conditions, KubeVirtApi.ConditionTypes.Ready);
        var fresh = new List<StatusCondition>
        {
            vmi is null
                ? New(KubeVirtApi.ConditionTypes.Ready, "False", "VMINotExists", "VMI does not exist")
                : vmiReady is null
                    ? New(KubeVirtApi.ConditionTypes.Ready, "False", "VMIConditionMissing", "VMI is missing the Ready condition")
                    : New(KubeVirtApi.ConditionTypes.Ready, vmiReady.Status!, vmiReady.Reason, vmiReady.Message, vmiReady.LastTransitionTime),
        };
        if (failure is not null)
        {
            fresh.Add(New(KubeVirtApi.ConditionTypes.Failure, "True", "FailedCreate", failure));
        }

        KeepTransitionTimes(fresh, existing, now, reasonCounts: true);
        return
        [
            .. fresh,
            .. (vmi?.Status?.Conditions ?? []).Where(c => c.Type is not (KubeVirtApi.ConditionTypes.Ready or KubeVirtApi.ConditionTypes.Failure or RestartRequired)),
            .. (existing ?? []).Where(c => c.Type == RestartRequired),
        ];
    }
}
