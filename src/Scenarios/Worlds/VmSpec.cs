namespace Harness.Scenarios.Worlds;

/// <summary>A VirtualMachine of a world: its disks, how it starts out, whether its guest runs an agent and the guest faults it shows.</summary>
/// <param name="GuestFaults">The VM template's <c>harness.kubevirt.io/guest-*</c> annotations (see the guest agent simulator's GuestFaults).</param>
public sealed record VmSpec(string Namespace, string Name, IReadOnlyList<DiskSpec> Disks, VmRunState State, bool GuestAgent, IReadOnlyDictionary<string, string> GuestFaults)
{
    public string Key => $"{Namespace}/{Name}";

    /// <summary>The guest faults as <c>name=value</c> text for reports (empty when none).</summary>
    public string DescribeFaults() =>
        string.Join(",", GuestFaults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key[(f.Key.LastIndexOf('/') + 1)..]}={f.Value}"));
}
