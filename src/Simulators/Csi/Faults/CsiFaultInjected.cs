namespace Harness.Simulators.Csi.Faults;

/// <summary>One injected fault: which (<see cref="CsiFaults"/> names), on what object, with what effect.</summary>
public readonly record struct CsiFaultInjected(string Fault, string Target, string Detail);
