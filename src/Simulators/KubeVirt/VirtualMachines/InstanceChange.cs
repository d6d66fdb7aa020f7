namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>A change the VM controller made to a VM's instance that its cache may not show yet.</summary>
internal enum InstanceChange
{
    None,
    Creation,
    Deletion,
}
