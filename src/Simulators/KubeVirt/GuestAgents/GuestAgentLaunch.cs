using Harness.Reconciling;

namespace Harness.Simulators.KubeVirt.GuestAgents;

/// <summary>What a connector needs to start the guest and agent of one VMI.</summary>
/// <param name="Instance">The VMI's key.</param>
/// <param name="Uid">The VMI's UID (a new UID is a new boot).</param>
/// <param name="Seed">The agent's random seed, derived from the simulator's seed and the UID.</param>
/// <param name="Annotations">
/// The VMI's annotations (the VM template's): what the connector reads about the guest, such as whether it runs an
/// agent and the faults it shows; the KubeVirt simulator does not interpret them.
/// </param>
/// <param name="Disks">The VMI's disks backed by claims, in volume order.</param>
/// <param name="Frozen">The guest boots frozen: the VMI's <c>fsFreezeStatus</c> says so (a VMI taken over from a loaded dump).</param>
public sealed record GuestAgentLaunch(
    ObjectKey Instance, string Uid, int Seed, IReadOnlyDictionary<string, string> Annotations, IReadOnlyList<GuestDiskClaim> Disks, bool Frozen = false);
