using System.Text.Json.Nodes;
using Harness.EnvTest.Crds;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tests.Crds;

public sealed class CrdManifestsTests
{
    public static TheoryData<string, string, string, string, string[], string[]> Expected => new()
    {
        { "virtualmachines.kubevirt.io", "VirtualMachine", "Namespaced", "v1", ["vm", "vms"], ["v1", "v1alpha3"] },
        { "virtualmachineinstances.kubevirt.io", "VirtualMachineInstance", "Namespaced", "v1", ["vmi", "vmis"], ["v1", "v1alpha3"] },
        { "kubevirts.kubevirt.io", "KubeVirt", "Namespaced", "v1", ["kv", "kvs"], ["v1", "v1alpha3"] },
        { "virtualmachinesnapshots.snapshot.kubevirt.io", "VirtualMachineSnapshot", "Namespaced", "v1beta1", ["vmsnapshot", "vmsnapshots"], ["v1alpha1", "v1beta1"] },
        { "virtualmachinesnapshotcontents.snapshot.kubevirt.io", "VirtualMachineSnapshotContent", "Namespaced", "v1beta1", ["vmsnapshotcontent", "vmsnapshotcontents"], ["v1alpha1", "v1beta1"] },
        { "virtualmachinerestores.snapshot.kubevirt.io", "VirtualMachineRestore", "Namespaced", "v1beta1", ["vmrestore", "vmrestores"], ["v1alpha1", "v1beta1"] },
        { "volumesnapshots.snapshot.storage.k8s.io", "VolumeSnapshot", "Namespaced", "v1", ["vs"], ["v1"] },
        { "volumesnapshotcontents.snapshot.storage.k8s.io", "VolumeSnapshotContent", "Cluster", "v1", ["vsc", "vscs"], ["v1"] },
        { "volumesnapshotclasses.snapshot.storage.k8s.io", "VolumeSnapshotClass", "Cluster", "v1", ["vsclass", "vsclasses"], ["v1"] },
        { "volumegroupsnapshots.groupsnapshot.storage.k8s.io", "VolumeGroupSnapshot", "Namespaced", "v1beta1", ["vgs"], ["v1beta1"] },
        { "volumegroupsnapshotcontents.groupsnapshot.storage.k8s.io", "VolumeGroupSnapshotContent", "Cluster", "v1beta1", ["vgsc", "vgscs"], ["v1beta1"] },
        { "volumegroupsnapshotclasses.groupsnapshot.storage.k8s.io", "VolumeGroupSnapshotClass", "Cluster", "v1beta1", ["vgsclass", "vgsclasses"], ["v1beta1"] },
        { "datavolumes.cdi.kubevirt.io", "DataVolume", "Namespaced", "v1beta1", ["dv", "dvs"], ["v1beta1"] },
        { "storageprofiles.cdi.kubevirt.io", "StorageProfile", "Cluster", "v1beta1", [], ["v1beta1"] },
        { "virtualmachineinstancetypes.instancetype.kubevirt.io", "VirtualMachineInstancetype", "Namespaced", "v1beta1", ["vminstancetype", "vminstancetypes", "vmf", "vmfs"], ["v1beta1"] },
        { "virtualmachineclusterinstancetypes.instancetype.kubevirt.io", "VirtualMachineClusterInstancetype", "Cluster", "v1beta1", ["vmclusterinstancetype", "vmclusterinstancetypes", "vmcf", "vmcfs"], ["v1beta1"] },
        { "virtualmachinepreferences.instancetype.kubevirt.io", "VirtualMachinePreference", "Namespaced", "v1beta1", ["vmpref", "vmprefs", "vmp", "vmps"], ["v1beta1"] },
        { "virtualmachineclusterpreferences.instancetype.kubevirt.io", "VirtualMachineClusterPreference", "Cluster", "v1beta1", ["vmcp", "vmcps"], ["v1beta1"] },
        { "virtualmachineclones.clone.kubevirt.io", "VirtualMachineClone", "Namespaced", "v1beta1", ["vmclone", "vmclones"], ["v1alpha1", "v1beta1"] },
    };

    public static TheoryData<string> ManifestNames => new(CrdManifests.Names);

    [Fact]
    public void Names_ListsEveryManifest()
    {
        Assert.Equal(Expected.Select(row => (string)row[0]).Order(StringComparer.Ordinal), CrdManifests.Names);
    }

    [Theory]
    [MemberData(nameof(ManifestNames))]
    public void ReadJson_EachCrd_IsTheJsonItsYamlDenotes(string name)
    {
        var converted = CrdManifests.ReadJson(name);

        Assert.True(JsonNode.DeepEquals(CrdYamlReader.ReadObject(CrdManifests.ReadYaml(name), name), converted), name);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void ReadJson_EachCrd_HasUpstreamNamesScopeAndVersions(string name, string kind, string scope, string storageVersion, string[] shortNames, string[] versions)
    {
        var crd = CrdManifests.ReadJson(name);

        Assert.Equal("apiextensions.k8s.io/v1", crd["apiVersion"]!.GetValue<string>());
        Assert.Equal("CustomResourceDefinition", crd["kind"]!.GetValue<string>());
        Assert.Equal(name, crd["metadata"]!["name"]!.GetValue<string>());
        var spec = crd["spec"]!;
        Assert.Equal(name, spec["names"]!["plural"]!.GetValue<string>() + "." + spec["group"]!.GetValue<string>());
        Assert.Equal(kind, spec["names"]!["kind"]!.GetValue<string>());
        Assert.Equal(kind + "List", spec["names"]!["listKind"]!.GetValue<string>());
        Assert.Equal(scope, spec["scope"]!.GetValue<string>());
        Assert.Equal(shortNames, spec["names"]!["shortNames"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? []);
        var versionNodes = spec["versions"]!.AsArray();
        Assert.Equal(versions, versionNodes.Select(v => v!["name"]!.GetValue<string>()));
        Assert.Equal(storageVersion, Assert.Single(versionNodes, v => v!["storage"]!.GetValue<bool>())!["name"]!.GetValue<string>());
        Assert.All(versionNodes, v => Assert.True(v!["served"]!.GetValue<bool>()));
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void ReadJson_EachVersionSchema_IsStructural(string name, string kind, string scope, string storageVersion, string[] shortNames, string[] versions)
    {
        _ = (kind, scope, storageVersion, shortNames, versions);
        var crd = CrdManifests.ReadJson(name);

        var versionNodes = crd["spec"]!["versions"]!.AsArray();
        for (var i = 0; i < versionNodes.Count; i++)
        {
            var schema = versionNodes[i]!["schema"]!["openAPIV3Schema"]!.AsObject();
            StructuralSchema.Parse(schema, $"spec.versions[{i}].schema.openAPIV3Schema", out var errors);
            Assert.Empty(errors);
        }
    }

    [Theory]
    [InlineData("virtualmachines.kubevirt.io", "Age,Status,Ready")]
    [InlineData("virtualmachineinstances.kubevirt.io", "Age,Phase,IP,NodeName,Ready,Live-Migratable,Paused")]
    [InlineData("kubevirts.kubevirt.io", "Age,Phase")]
    [InlineData("virtualmachinesnapshots.snapshot.kubevirt.io", "SourceKind,SourceName,Phase,ReadyToUse,CreationTime,Error")]
    [InlineData("virtualmachinesnapshotcontents.snapshot.kubevirt.io", "ReadyToUse,CreationTime,Error")]
    [InlineData("virtualmachinerestores.snapshot.kubevirt.io", "TargetKind,TargetName,Complete,RestoreTime")]
    [InlineData("volumesnapshots.snapshot.storage.k8s.io", "ReadyToUse,SourcePVC,SourceSnapshotContent,RestoreSize,SnapshotClass,SnapshotContent,CreationTime,Age")]
    [InlineData("volumesnapshotcontents.snapshot.storage.k8s.io", "ReadyToUse,RestoreSize,DeletionPolicy,Driver,VolumeSnapshotClass,VolumeSnapshot,VolumeSnapshotNamespace,Age")]
    [InlineData("volumesnapshotclasses.snapshot.storage.k8s.io", "Driver,DeletionPolicy,Age")]
    [InlineData("datavolumes.cdi.kubevirt.io", "Phase,Progress,Restarts,Age")]
    [InlineData("virtualmachineclones.clone.kubevirt.io", "Phase,SourceVirtualMachine,TargetVirtualMachine")]
    public void ReadJson_PrinterColumns_MatchUpstreamInEveryVersion(string name, string columns)
    {
        var crd = CrdManifests.ReadJson(name);

        foreach (var version in crd["spec"]!["versions"]!.AsArray())
        {
            var names = version!["additionalPrinterColumns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
            Assert.Equal(columns, string.Join(',', names));
        }
    }

    [Fact]
    public void ReadYaml_UnknownName_ThrowsWithKnownNames()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => CrdManifests.ReadYaml("nothings.example.com"));

        Assert.Contains("virtualmachinesnapshots.snapshot.kubevirt.io", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAllJson_ReturnsFreshCopies()
    {
        var first = CrdManifests.ReadAllJson();
        first[0]["metadata"]!["name"] = "changed";

        Assert.NotEqual("changed", CrdManifests.ReadAllJson()[0]["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(CrdManifests.Names.Count, CrdManifests.ReadAllYaml().Count);
    }

    internal static StructuralSchema SchemaOf(string crdName, string version)
    {
        var crd = CrdManifests.ReadJson(crdName);
        var node = crd["spec"]!["versions"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == version)!;
        return StructuralSchema.Parse(node["schema"]!["openAPIV3Schema"]!.AsObject(), out _);
    }

    internal static JsonObject Yaml(string yaml) => CrdYamlReader.ReadObject(yaml, "test");
}
