using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using k8s;

namespace Harness.Api.Tests.Snapshots;

public sealed class SnapshotModelTests
{
    private const string Snapshot = """
        {"apiVersion":"snapshot.kubevirt.io/v1alpha1","kind":"VirtualMachineSnapshot",
         "metadata":{"name":"snap-larry","namespace":"default","uid":"u1"},
         "spec":{"source":{"apiGroup":"kubevirt.io","kind":"VirtualMachine","name":"larry"},"deletionPolicy":"Retain","failureDeadline":"40s","future":{"a":1}},
         "status":{"sourceUID":"vm-uid","virtualMachineSnapshotContentName":"vmsnapshot-content-u1","creationTime":"2026-01-02T03:04:05Z",
           "phase":"Succeeded","readyToUse":true,"error":{"message":"m","time":"2026-01-02T03:04:05Z","x":true},
           "conditions":[{"type":"Progressing","status":"False","reason":"Operation complete","lastTransitionTime":"2026-01-02T03:04:05Z","extra":"kept"}],
           "indications":["GuestAgent","Online"],"sourceIndications":[{"indication":"Online","message":"m","more":2}],
           "snapshotVolumes":{"includedVolumes":["a"],"excludedVolumes":["b"],"other":[]},"unknownStatus":"s"}}
        """;

    private const string Content = """
        {"apiVersion":"snapshot.kubevirt.io/v1beta1","kind":"VirtualMachineSnapshotContent",
         "metadata":{"name":"vmsnapshot-content-u1","namespace":"default","finalizers":["snapshot.kubevirt.io/vmsnapshotcontent-protection"]},
         "spec":{"virtualMachineSnapshotName":"snap-larry",
           "source":{"virtualMachine":{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachine","metadata":{"name":"larry"},"spec":{"runStrategy":"Always","future":1},"status":{},"anything":1},"z":0},
           "volumeBackups":[{"volumeName":"disk0","persistentVolumeClaim":{"metadata":{"name":"pvc0"},"spec":{"storageClassName":"sc","accessModes":["ReadWriteOnce"]}},"volumeSnapshotName":"vmsnapshot-u1-volume-disk0","q":1}]},
         "status":{"creationTime":"2026-01-02T03:04:05Z","readyToUse":false,"error":{"message":"e"},
           "volumeSnapshotStatus":[{"volumeSnapshotName":"vmsnapshot-u1-volume-disk0","creationTime":"2026-01-02T03:04:05Z","readyToUse":false,"error":{"message":"x"},"w":1}]}}
        """;

    private const string Restore = """
        {"apiVersion":"snapshot.kubevirt.io/v1beta1","kind":"VirtualMachineRestore",
         "metadata":{"name":"restore-larry","namespace":"default"},
         "spec":{"target":{"apiGroup":"kubevirt.io","kind":"VirtualMachine","name":"larry"},"virtualMachineSnapshotName":"snap-larry",
           "targetReadinessPolicy":"StopTarget","volumeRestorePolicy":"InPlace","volumeOwnershipPolicy":"None",
           "volumeRestoreOverrides":[{"volumeName":"disk0","restoreName":"new-disk","labels":{"l":"v"},"annotations":{"a":"b"},"n":1}],
           "patches":["{\"op\":\"replace\",\"path\":\"/spec/running\",\"value\":false}"]},
         "status":{"complete":true,"restoreTime":"2026-01-02T03:04:05Z",
           "restores":[{"volumeName":"disk0","persistentVolumeClaim":"restore-r-disk0","volumeSnapshotName":"vs","dataVolumeName":"dv","k":1}],
           "deletedDataVolumes":["old"],"conditions":[{"type":"Ready","status":"True","reason":"Operation complete"}]}}
        """;

    [Fact]
    public void RoundTrip_Snapshot_Lossless() => AssertLossless<VirtualMachineSnapshot>(Snapshot);

    [Fact]
    public void RoundTrip_Content_Lossless() => AssertLossless<VirtualMachineSnapshotContent>(Content);

    [Fact]
    public void RoundTrip_Restore_Lossless() => AssertLossless<VirtualMachineRestore>(Restore);

    [Fact]
    public void Deserialize_SeedSnapshot_TypedFields()
    {
        var snapshot = KubernetesJson.Deserialize<VirtualMachineSnapshot>(Snapshot);

        Assert.Equal("larry", snapshot.Spec.Source.Name);
        Assert.Equal("40s", snapshot.Spec.FailureDeadline);
        Assert.Equal(SnapshotApi.PhaseSucceeded, snapshot.Status!.Phase);
        Assert.Equal(["GuestAgent", "Online"], snapshot.Status.Indications!);
        Assert.Equal(SnapshotApi.ReasonOperationComplete, snapshot.Status.Conditions![0].Reason);
    }

    [Fact]
    public void Names_FromUids_AsKubeVirtWritesThem()
    {
        Assert.Equal("vmsnapshot-content-u1", SnapshotApi.ContentName("u1"));
        Assert.Equal("vmsnapshot-u1-volume-disk0", SnapshotApi.VolumeSnapshotName("u1", "disk0"));
        Assert.Equal("restore-r1-disk0", SnapshotApi.RestoredClaimName("r1", "disk0"));
    }

    private static void AssertLossless<T>(string json)
    {
        var written = JsonNode.Parse(KubernetesJson.Serialize(KubernetesJson.Deserialize<T>(json)));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), written), written!.ToJsonString());
    }
}
