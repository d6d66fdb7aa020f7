using Harness.Api.KubeVirt;

namespace Harness.Controller.Snapshots.Volumes;

/// <summary>A VM volume backed by a claim: <c>persistentVolumeClaim</c>, <c>dataVolume</c> (the claim is named after the DataVolume) or <c>memoryDump</c>.</summary>
internal sealed record SnapshotVolume(string VolumeName, string ClaimName, bool IsDataVolume)
{
    /// <summary>The claim-backed volumes of a VM spec, in spec order; other volume kinds cannot be snapshotted.</summary>
    public static IReadOnlyList<SnapshotVolume> Of(VirtualMachineSpec spec) =>
        [.. (spec.Template?.Spec?.Volumes ?? []).Select(Of).OfType<SnapshotVolume>()];

    public static SnapshotVolume? Of(Volume volume) => volume switch
    {
        { Name: { } name, PersistentVolumeClaim.ClaimName: { } claim } => new(name, claim, false),
        { Name: { } name, DataVolume.Name: { } dataVolume } => new(name, dataVolume, true),
        { Name: { } name, MemoryDump.ClaimName: { } dump } => new(name, dump, false),
        _ => null,
    };
}
