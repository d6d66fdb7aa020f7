using Harness.Api.KubeVirt;
using Harness.Api.Quantities;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>What the simulator reads from VirtualMachine and VirtualMachineInstance objects, the same for both.</summary>
internal static class VirtualMachineFacts
{
    public const string VmiFinalizer = "kubevirt.io/foregroundDeleteVirtualMachine";
    public const string GenerationAnnotation = "kubevirt.io/vm-generation";
    public const string CreatedByLabel = "vm.kubevirt.io/name";
    public const string StartAction = "Start";
    public const string StopAction = "Stop";

    /// <summary>Where a VM's state-change requests are, for JSON patches of its status.</summary>
    public const string StateChangeRequestsPath = "/status/stateChangeRequests";

    /// <summary>
    /// The run strategy: <c>spec.runStrategy</c> if set, else <c>spec.running</c> (true: Always, false or
    /// missing: Halted). An unknown value is an error, as in virt-controller.
    /// </summary>
    public static RunStrategy RunStrategyOf(VirtualMachine vm)
    {
        if (vm.Spec.RunStrategy is { } text)
        {
            return Enum.TryParse<RunStrategy>(text, ignoreCase: false, out var strategy) && Enum.IsDefined(strategy)
                ? strategy
                : throw new InvalidOperationException($"unknown runstrategy: {text}");
        }

        return vm.Spec.Running == true ? RunStrategy.Always : RunStrategy.Halted;
    }

    public static string? Phase(VirtualMachineInstance vmi) => vmi.Status?.Phase;

    public static bool IsFinal(VirtualMachineInstance vmi) => Phase(vmi) is KubeVirtApi.InstancePhases.Succeeded or KubeVirtApi.InstancePhases.Failed;

    public static bool IsRunning(VirtualMachineInstance vmi) => Phase(vmi) == KubeVirtApi.InstancePhases.Running;

    /// <summary>The condition of <paramref name="type"/>, in a VM's or a VMI's conditions.</summary>
    public static StatusCondition? ConditionOf(IEnumerable<StatusCondition>? conditions, string type)
        => conditions?.FirstOrDefault(c => c.Type == type);

    public static bool HasCondition(VirtualMachineInstance vmi, string type, string status)
        => ConditionOf(vmi.Status?.Conditions, type)?.Status == status;

    public static bool IsPaused(VirtualMachineInstance vmi) => HasCondition(vmi, "Paused", "True");

    /// <summary>The volumes of a VM's template or of a VMI.</summary>
    public static IList<Volume> Volumes(VirtualMachineInstanceSpec? spec) => spec?.Volumes ?? [];

    /// <summary>The disks of a VM's template or of a VMI.</summary>
    public static IList<Disk> Disks(VirtualMachineInstanceSpec? spec) => spec?.Domain?.Devices?.Disks ?? [];

    /// <summary>
    /// A claim or DataVolume hot-plugged into a running instance (a hot-plugged memory-dump volume is virt-controller's
    /// own: neither the hotplug subresources nor the VM loop touch it).
    /// </summary>
    public static bool IsHotpluggedDisk(Volume volume)
        => volume.PersistentVolumeClaim?.Hotpluggable == true || volume.DataVolume?.Hotpluggable == true;

    /// <summary>The guest's memory: the pod's memory request, else the domain's guest memory.</summary>
    public static Quantity? GuestMemory(VirtualMachineInstanceSpec spec)
        => spec.Domain?.Resources?.Requests?.TryGetValue("memory", out var request) == true ? request : spec.Domain?.Memory?.Guest;

    /// <summary>The template's spec of a VM (what its instances start from).</summary>
    public static VirtualMachineInstanceSpec? TemplateSpec(VirtualMachine vm) => vm.Spec.Template?.Spec;

    public static IList<VirtualMachineStateChangeRequest> StateChangeRequests(VirtualMachine vm) => vm.Status?.StateChangeRequests ?? [];

    public static bool HasStartRequest(VirtualMachine vm)
        => StateChangeRequests(vm) is [var first, ..] && first.Action == StartAction;

    public static bool HasStopRequestFor(VirtualMachine vm, VirtualMachineInstance vmi)
        => StateChangeRequests(vm) is [var first, ..] && first.Action == StopAction && first.Uid == vmi.Uid();
}
