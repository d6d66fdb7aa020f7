using System.Text.Json.Nodes;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>The seed's own YAML (kubevirt-behaviour.md, section A) against the snapshot.kubevirt.io schemas.</summary>
public sealed class SeedObjectsTests
{
    [Theory]
    [InlineData("v1alpha1")]
    [InlineData("v1beta1")]
    public void SeedSnapshot_EitherVersion_Validates(string version)
    {
        var obj = Admit("virtualmachinesnapshots.snapshot.kubevirt.io", version, SeedManifests.Snapshot);

        Assert.Empty(CrdManifestsTests.SchemaOf("virtualmachinesnapshots.snapshot.kubevirt.io", version).Validate(obj));
        Assert.Equal("larry", obj["spec"]!["source"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("v1alpha1")]
    [InlineData("v1beta1")]
    public void SeedRestore_EitherVersion_Validates(string version)
    {
        var obj = Admit("virtualmachinerestores.snapshot.kubevirt.io", version, SeedManifests.Restore);

        Assert.Empty(CrdManifestsTests.SchemaOf("virtualmachinerestores.snapshot.kubevirt.io", version).Validate(obj));
    }

    [Fact]
    public void SeedRestore_V1beta1_DefaultsTargetReadinessPolicy()
    {
        var obj = Admit("virtualmachinerestores.snapshot.kubevirt.io", "v1beta1", SeedManifests.Restore);

        Assert.Equal("WaitGracePeriod", obj["spec"]!["targetReadinessPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void RestoreReadAsV1alpha1_DropsV1beta1OnlyFields()
    {
        var stored = Admit("virtualmachinerestores.snapshot.kubevirt.io", "v1beta1", SeedManifests.Restore);
        stored["spec"]!["volumeRestorePolicy"] = "InPlace";

        var asAlpha = Admit("virtualmachinerestores.snapshot.kubevirt.io", "v1alpha1", stored.ToJsonString());

        Assert.False(asAlpha["spec"]!.AsObject().ContainsKey("targetReadinessPolicy"));
        Assert.False(asAlpha["spec"]!.AsObject().ContainsKey("volumeRestorePolicy"));
        Assert.Equal("snap-larry", asAlpha["spec"]!["virtualMachineSnapshotName"]!.GetValue<string>());
    }

    [Fact]
    public void SnapshotWithoutSource_IsRejectedWithRequiredSpecSource()
    {
        var obj = CrdManifestsTests.Yaml("""
            apiVersion: snapshot.kubevirt.io/v1beta1
            kind: VirtualMachineSnapshot
            metadata:
              name: s
            spec:
              deletionPolicy: Retain
            """);

        var error = Assert.Single(CrdManifestsTests.SchemaOf("virtualmachinesnapshots.snapshot.kubevirt.io", "v1beta1").Validate(obj));

        Assert.Equal(("FieldValueRequired", "spec.source", "Required value"), (error.Reason, error.Field, error.Message));
    }

    [Fact]
    public void RestoreWithUnknownReadinessPolicy_IsRejectedWithSupportedValues()
    {
        var obj = CrdManifestsTests.Yaml(SeedManifests.Restore.Replace("v1alpha1", "v1beta1", StringComparison.Ordinal) + "\n  targetReadinessPolicy: Sometimes\n");

        var error = Assert.Single(CrdManifestsTests.SchemaOf("virtualmachinerestores.snapshot.kubevirt.io", "v1beta1").Validate(obj));

        Assert.Equal("spec.targetReadinessPolicy", error.Field);
        Assert.Equal("Unsupported value: \"Sometimes\": supported values: \"StopTarget\", \"WaitGracePeriod\", \"FailImmediate\", \"WaitEventually\"", error.Message);
    }

    [Fact]
    public void SnapshotContent_EmbeddedVirtualMachine_KeepsSpecAndDropsUnknownTopLevelFields()
    {
        var obj = CrdManifestsTests.Yaml("""
            apiVersion: snapshot.kubevirt.io/v1beta1
            kind: VirtualMachineSnapshotContent
            metadata:
              name: vmsnapshot-content-1
            spec:
              virtualMachineSnapshotName: snap-larry
              source:
                virtualMachine:
                  apiVersion: kubevirt.io/v1
                  kind: VirtualMachine
                  metadata:
                    name: larry
                  spec:
                    runStrategy: Always
                    template:
                      spec:
                        domain: {}
                  bogus: true
              volumeBackups:
              - volumeName: disk0
                persistentVolumeClaim:
                  metadata:
                    name: pvc-larry
                  spec:
                    accessModes: [ReadWriteOnce]
                volumeSnapshotName: vmsnapshot-1-volume-disk0
            """);
        var schema = CrdManifestsTests.SchemaOf("virtualmachinesnapshotcontents.snapshot.kubevirt.io", "v1beta1");

        schema.Prune(obj);

        Assert.Empty(schema.Validate(obj));
        var vm = obj["spec"]!["source"]!["virtualMachine"]!.AsObject();
        Assert.False(vm.ContainsKey("bogus"));
        Assert.Equal("Always", vm["spec"]!["runStrategy"]!.GetValue<string>());
    }

    private static JsonObject Admit(string crd, string version, string yaml)
    {
        var obj = yaml.TrimStart().StartsWith('{') ? JsonNode.Parse(yaml)!.AsObject() : CrdManifestsTests.Yaml(yaml);
        var schema = CrdManifestsTests.SchemaOf(crd, version);
        schema.Prune(obj);
        schema.ApplyDefaults(obj);
        return obj;
    }
}
