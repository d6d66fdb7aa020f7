namespace Harness.Controller.Hosting;

/// <summary>A PVC a restore made, by its <c>restore.kubevirt.io/source-vm-name</c> and <c>-namespace</c> labels.</summary>
public sealed record RestoredClaim(string Namespace, string Name, string VmName, string VmNamespace);
