using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using k8s;

namespace Harness.Controller.Tests.Conformance;

/// <summary>§5.1 cases on stopped VMs: S1, S3, S14.</summary>
public sealed class OfflineSnapshotTests
{
    [Fact]
    public void S1_StoppedSimpleVm_SucceedsWithoutIndicationsAndCapturesTheSpec()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            var vm = await world.CreateVmAsync(new VmDefinition("vm1") { WithContainerDisk = true, RunStrategy = "Halted" });
            await world.CreateSnapshotAsync("snap1", "vm1");

            var snapshot = await world.WaitSucceededAsync("snap1");

            Assert.Equal(vm.Metadata.Uid, snapshot.Status!.SourceUid);
            Assert.Null(snapshot.Status.Indications);
            Assert.Null(snapshot.Status.SourceIndications);
            Assert.NotNull(snapshot.Status.CreationTime);
            var content = await world.ContentOfAsync(snapshot);
            Assert.NotNull(content);
            Assert.Equal("snap1", content.Spec.VirtualMachineSnapshotName);
            Assert.Null(content.Spec.VolumeBackups);
            var captured = content.Spec.Source.VirtualMachine!;
            Assert.False(string.IsNullOrEmpty(captured.Metadata.Uid));
            var live = await world.VmAsync("vm1");
            Assert.Equal(KubernetesJson.Serialize(live!.Spec), KubernetesJson.Serialize(captured.Spec));
            Assert.Equal(["disk0", "cloudinit"], snapshot.Status.SnapshotVolumes!.ExcludedVolumes!);
            await world.WaitForAsync("VM unlocked", async () => await world.VmAsync("vm1") is { } v && v.Status?.SnapshotInProgress is null && v.Metadata.Finalizers?.Contains(SnapshotApi.SourceProtectionFinalizer) != true ? v : null);
        });
    }
}
