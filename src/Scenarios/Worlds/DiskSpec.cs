namespace Harness.Scenarios.Worlds;

/// <summary>One disk of a VM: a PersistentVolumeClaim of <paramref name="SizeMi"/> MiB in <paramref name="StorageClass"/>.</summary>
/// <param name="Name">The VM's volume (and disk) name.</param>
public sealed record DiskSpec(string Name, string Claim, string StorageClass, int SizeMi);
