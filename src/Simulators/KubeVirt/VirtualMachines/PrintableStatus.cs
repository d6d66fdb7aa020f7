using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>
/// <c>vm.status.printableStatus</c>, decided in virt-controller's order: the first matching state wins
/// (Terminating, Stopping, Paused, Running, ErrorPvcNotFound, DataVolumeError, Provisioning,
/// WaitingForVolumeBinding, Starting, Stopped, else Unknown). An instance the controller created or deleted that
/// its cache does not show yet (an awaited <see cref="InstanceChange"/>) counts as Starting or Stopping.
/// </summary>
internal static class PrintableStatus
{
    public static string Of(VirtualMachine vm, VirtualMachineInstance? vmi, InstanceChange awaited, ClusterCache cache)
    {
        if (vm.IsDeleting())
        {
            return "Terminating";
        }

        var strategy = TryRunStrategy(vm);
        if (vmi is not null && !IsFinal(vmi)
            && (vmi.IsDeleting() || awaited == InstanceChange.Deletion || strategy == RunStrategy.Halted || HasStopRequestFor(vm, vmi)))
        {
            return "Stopping";
        }

        if (vmi is not null && IsRunning(vmi))
        {
            return IsPaused(vmi) ? "Paused" : "Running";
        }

        if (vmi?.Status?.Conditions?.Any(c =>
                c.Type == KubeVirtApi.ConditionTypes.Synchronized && c.Status == "False" && c.Reason == "FailedPvcNotFound") == true)
        {
            return "ErrorPvcNotFound";
        }

        var dataVolumes = Volumes(TemplateSpec(vm))
            .Select(v => v.DataVolume?.Name)
            .OfType<string>()
            .Select(n => cache.DataVolumes.Get(new ObjectKey(vm.NamespaceOrEmpty(), n)))
            .OfType<DataVolume>()
            .ToList();
        if (dataVolumes.Any(d => d.Status?.Phase == "Failed"))
        {
            return "DataVolumeError";
        }

        if (dataVolumes.Any(d => d.Status?.Phase is not ("Succeeded" or "WaitForFirstConsumer" or "PendingPopulation" or "Failed")))
        {
            return "Provisioning";
        }

        var startExpected = IsSetToStart(vm, vmi, strategy);
        if (startExpected && Volumes(TemplateSpec(vm)).Select(v => v.ClaimName).OfType<string>()
                .Select(c => cache.Claim(vm.NamespaceOrEmpty(), c))
                .Any(c => c?.Status?.Phase == "Pending"))
        {
            return "WaitingForVolumeBinding";
        }

        if (vmi is null ? awaited == InstanceChange.Creation || WillStart(vm, strategy) : Phase(vmi) is null or "" or "Pending" or "Scheduling" or "Scheduled")
        {
            return "Starting";
        }

        return vmi is null || IsFinal(vmi) ? "Stopped" : "Unknown";
    }

    private static RunStrategy? TryRunStrategy(VirtualMachine vm)
    {
        try
        {
            return RunStrategyOf(vm);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether the VM controller starts an instance for a VM that has none (what virt-controller's expectations record).</summary>
    private static bool WillStart(VirtualMachine vm, RunStrategy? strategy) => strategy switch
    {
        RunStrategy.Always or RunStrategy.Once => true,
        RunStrategy.Manual => HasStartRequest(vm),
        RunStrategy.RerunOnFailure => HasStartRequest(vm) || vm.Status?.RunStrategy != nameof(RunStrategy.RerunOnFailure),
        _ => false,
    };

    private static bool IsSetToStart(VirtualMachine vm, VirtualMachineInstance? vmi, RunStrategy? strategy) => strategy switch
    {
        RunStrategy.Always => true,
        RunStrategy.Manual => vmi is not null ? !HasStopRequestFor(vm, vmi) : HasStartRequest(vm),
        RunStrategy.RerunOnFailure => vmi is null || Phase(vmi) != "Succeeded",
        RunStrategy.Once => vmi is null,
        _ => false,
    };
}
