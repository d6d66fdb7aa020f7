using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using Harness.Controller.Restores;
using k8s;

namespace Harness.Controller.Tests.Restores;

/// <summary>§3.4's naming of restored claims, through the controller's public naming entry point.</summary>
public sealed class RestoredNamesTests
{
    [Fact]
    public void ClaimName_NoPolicy_RandomizesWithTheRestoreUid() =>
        Assert.Equal("restore-uid-1-disk0", RestoreNaming.ClaimName(Restore(null), "disk0", "orig"));

    [Fact]
    public void ClaimName_InPlace_KeepsTheOriginalClaim() =>
        Assert.Equal("orig", RestoreNaming.ClaimName(Restore(SnapshotApi.VolumeRestoreInPlace), "disk0", "orig"));

    [Fact]
    public void ClaimName_PrefixTargetName_JoinsTargetAndVolume() =>
        Assert.Equal("vm1-disk0", RestoreNaming.ClaimName(Restore(SnapshotApi.VolumeRestorePrefixTargetName), "disk0", "orig"));

    [Fact]
    public void ClaimName_PrefixTargetNameTooLong_TruncatesTheTargetAndInsertsItsHash()
    {
        var target = new string('t', 70);
        var name = RestoreNaming.ClaimName(Restore(SnapshotApi.VolumeRestorePrefixTargetName, target), "disk0", "orig");

        Assert.Equal(63, name.Length);
        Assert.Equal($"{new string('t', 48)}-7f998b55-disk0", name);
        Assert.NotEqual(name, RestoreNaming.ClaimName(Restore(SnapshotApi.VolumeRestorePrefixTargetName, new string('u', 70)), "disk0", "orig"));
    }

    [Fact]
    public void ClaimName_PrefixTargetNameHash_IsFnv32aOfTheTargetAlone() =>
        // 92b9e111 = FNV-32a of 60 'a' (Python); library-go's naming.GetName hashes the base, not base-suffix.
        Assert.Equal($"{new string('a', 45)}-92b9e111-volume-x", RestoreNaming.ClaimName(Restore(SnapshotApi.VolumeRestorePrefixTargetName, new string('a', 60)), "volume-x", "orig"));

    [Fact]
    public void ClaimName_OverrideWithName_WinsOverEveryPolicy()
    {
        var restore = Restore(SnapshotApi.VolumeRestoreInPlace);
        restore.Spec.VolumeRestoreOverrides = [new VolumeRestoreOverride { VolumeName = "disk0", RestoreName = "new-disk" }];

        Assert.Equal("new-disk", RestoreNaming.ClaimName(restore, "disk0", "orig"));
        Assert.Equal("orig", RestoreNaming.ClaimName(restore, "disk1", "orig"));
    }

    [Fact]
    public void LegacyFirmwareUuid_IsTheVersion5UuidOfTheName()
    {
        var uuid = RestoreNaming.LegacyFirmwareUuid("larry");

        // Python's uuid.uuid5(UUID("6a1a24a1-4061-4607-8bf4-a3963d0c5895"), "larry").
        Assert.Equal("7fc91a6e-3385-5749-addf-690bfd75fd60", uuid);
    }

    private static VirtualMachineRestore Restore(string? policy, string target = "vm1") => KubernetesJson.Deserialize<VirtualMachineRestore>(new JsonObject
    {
        ["metadata"] = new JsonObject { ["name"] = "r1", ["uid"] = "uid-1" },
        ["spec"] = new JsonObject
        {
            ["target"] = new JsonObject { ["apiGroup"] = "kubevirt.io", ["kind"] = "VirtualMachine", ["name"] = target },
            ["virtualMachineSnapshotName"] = "snap1",
            ["volumeRestorePolicy"] = policy,
        },
    }.ToJsonString());
}
