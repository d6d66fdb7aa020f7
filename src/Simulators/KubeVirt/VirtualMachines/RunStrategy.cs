namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>When a VirtualMachine should have a running instance (<c>spec.runStrategy</c>, or <c>spec.running</c>).</summary>
internal enum RunStrategy
{
    Always,
    Halted,
    Manual,
    RerunOnFailure,
    Once,
}
