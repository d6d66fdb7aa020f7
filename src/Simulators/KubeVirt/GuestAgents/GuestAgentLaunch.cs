using Harness.Reconciling;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.GuestAgents;

/// <summary>What a connector needs to start the agent of one VMI.</summary>
/// <param name="Instance">The VMI's key.</param>
/// <param name="Uid">The VMI's UID (a new UID is a new boot).</param>
/// <param name="Seed">The agent's random seed, derived from the simulator's seed and the UID.</param>
/// <param name="Faults">The guest faults read from the VM template's <c>harness.kubevirt.io/...</c> annotations.</param>
/// <param name="Disks">The VMI's disks backed by claims, in volume order.</param>
/// <param name="Frozen">The guest boots frozen: the VMI's <c>fsFreezeStatus</c> says so (a VMI taken over from a loaded dump).</param>
public sealed record GuestAgentLaunch(ObjectKey Instance, string Uid, int Seed, GuestFaults Faults, IReadOnlyList<GuestDiskClaim> Disks, bool Frozen = false);
