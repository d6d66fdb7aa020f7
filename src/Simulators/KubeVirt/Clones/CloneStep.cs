using Harness.Api.Clones;

namespace Harness.Simulators.KubeVirt.Clones;

/// <summary>One reconcile of a clone: the clone as cached and the status it is given (a copy, written at the end).</summary>
internal sealed class CloneStep(VirtualMachineClone clone, VirtualMachineCloneStatus status)
{
    public VirtualMachineClone Clone { get; } = clone;

    public VirtualMachineCloneStatus Status { get; } = status;

    public string Phase
    {
        get => Status.Phase ?? "";
        set => Status.Phase = value;
    }
}
