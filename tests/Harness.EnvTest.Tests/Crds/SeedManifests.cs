namespace Harness.EnvTest.Tests.Crds;

/// <summary>The user's own VirtualMachineSnapshot and VirtualMachineRestore YAML (kubevirt-behaviour.md, section A), verbatim.</summary>
internal static class SeedManifests
{
    public const string Snapshot = """
        apiVersion: snapshot.kubevirt.io/v1alpha1
        kind: VirtualMachineSnapshot
        metadata:
          name: snap-larry
        spec:
          source:
            apiGroup: kubevirt.io
            kind: VirtualMachine
            name: larry
        """;

    public const string Restore = """
        apiVersion: snapshot.kubevirt.io/v1alpha1
        kind: VirtualMachineRestore
        metadata:
          name: restore-larry
        spec:
          target:
            apiGroup: kubevirt.io
            kind: VirtualMachine
            name: larry
          virtualMachineSnapshotName: snap-larry
        """;
}
