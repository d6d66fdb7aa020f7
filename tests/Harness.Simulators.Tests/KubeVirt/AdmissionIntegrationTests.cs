using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Harness.Simulators.Tests.KubeVirt.Conditions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

[Collection(KubeVirtCollection.Name)]
public sealed class AdmissionIntegrationTests(KubeVirtWorlds worlds)
{
    [SkippableTheory, Backends]
    public async Task StopSpecPatch_SnapshotInProgress_RejectedWithKubeVirtMessage(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running");
        await PatchStatusAsync(world, "{\"status\":{\"snapshotInProgress\":\"snap-1\"}}");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => PatchSpecAsync(world, "{\"spec\":{\"runStrategy\":\"Halted\"}}"));

        Assert.Contains("Cannot update vm running state until snapshot \\\"snap-1\\\" completes", error.Response.Content, StringComparison.Ordinal);
        var (status, body) = await world.VmAsync("vm1", "stop");
        Assert.NotEqual(202, status);
        Assert.Contains("Cannot update vm running state until snapshot \"snap-1\" completes", Message(body), StringComparison.Ordinal);
        Assert.Equal("Always", (await world.VmAsync("vm1"))!["spec"]!["runStrategy"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task RunStrategyPatch_RestoreInProgress_Rejected_OtherwiseAllowed(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Halted", null, Manifests.ContainerDisk("root")));
        await PatchStatusAsync(world, "{\"status\":{\"restoreInProgress\":\"restore-1\"}}");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => PatchSpecAsync(world, "{\"spec\":{\"runStrategy\":\"Always\"}}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("Cannot update VM runStrategy until restore \\\"restore-1\\\" completes", error.Response.Content, StringComparison.Ordinal);

        await PatchStatusAsync(world, "{\"status\":{\"restoreInProgress\":null}}");
        await PatchSpecAsync(world, "{\"spec\":{\"runStrategy\":\"Always\"}}");
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running");
    }

    private static Task PatchStatusAsync(KubeVirtWorld world, string patch)
        => world.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");

    private static Task PatchSpecAsync(KubeVirtWorld world, string patch)
        => world.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");
}
