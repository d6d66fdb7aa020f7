using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;
using static Harness.Simulators.Tests.KubeVirt.Conditions;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>CDI's host-assisted clone in the KubeVirt simulator: the source missing, busy, then the target claim made, populated and marked.</summary>
[Collection(KubeVirtCollection.Name)]
public sealed class HostAssistedCloneTests(KubeVirtWorlds worlds)
{
    [SkippableTheory, Backends]
    public async Task Clone_SourceMissing_CloneWithoutSourceUntilItAppears_ThenTheTargetIsRequestedClonedAndMarked(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        var goldenNamespace = world.Namespace + "-golden";
        await StorageWorld.StorageClassAsync(world, "immediate", "Immediate");
        await world.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = goldenNamespace } });
        try
        {
            await CloneOnceTheSourceAppearsAsync(world, goldenNamespace);
        }
        finally
        {
            await world.Client.CoreV1.DeleteNamespaceAsync(goldenNamespace);
        }
    }

    /// <summary>Waits for an Event the simulator records after the status write that the test saw.</summary>
    private static Task<Corev1Event> EventAsync(KubeVirtWorld world, Func<Corev1Event, bool> match, string what)
        => KubeVirtWorld.EventuallyAsync(
            async () => (await world.Client.CoreV1.ListNamespacedEventAsync(world.Namespace)).Items.FirstOrDefault(match),
            e => e is not null,
            what);

    private static async Task CloneOnceTheSourceAppearsAsync(KubeVirtWorld world, string goldenNamespace)
    {
        await world.CreateAsync("cdi.kubevirt.io", "v1beta1", "datavolumes", CloneOf("copy", goldenNamespace));

        var waiting = await KubeVirtWorld.EventuallyAsync(
            () => world.DataVolumeAsync("copy"), d => ConditionReason(d, "Ready") == "CloneWithoutSource", "CloneWithoutSource");
        var bound = Condition(waiting, "Bound");
        Assert.Equal(("Unknown", "CloneWithoutSource", "The source pvc golden doesn't exist"), (bound["status"]!.GetValue<string>(), bound["reason"]!.GetValue<string>(), bound["message"]!.GetValue<string>()));
        Assert.Null(await StorageWorld.ReadClaimAsync(world, "copy"));
        await EventAsync(world, e => e.Reason == "CloneWithoutSource" && e.Type == "Warning" && e.InvolvedObject.Name == "copy", "CloneWithoutSource event");

        await GoldenClaimAsync(world, goldenNamespace);
        var claim = await KubeVirtWorld.EventuallyAsync(() => StorageWorld.ReadClaimAsync(world, "copy"), c => c is not null, "target claim");
        Assert.Equal($"{goldenNamespace}/golden", claim!.Metadata.Annotations["k8s.io/CloneRequest"]);
        Assert.Equal("3Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.False(claim.Metadata.Annotations.ContainsKey("k8s.io/CloneOf"));
        await StorageWorld.BindAsync(world, "copy");
        await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("copy"), d => Phase(d) == "CloneInProgress", "CloneInProgress");
        await world.PassAsync(TimeSpan.FromSeconds(3));
        await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("copy"), d => Phase(d) == "Succeeded", "Succeeded");

        var cloned = (await StorageWorld.ReadClaimAsync(world, "copy"))!;
        Assert.Equal("true", cloned.Metadata.Annotations["k8s.io/CloneOf"]);
        Assert.Equal("Succeeded", cloned.Metadata.Annotations["cdi.kubevirt.io/storage.pod.phase"]);
    }

    [SkippableTheory, Backends]
    public async Task Clone_SourceUsedByARunningVmi_CloneScheduledWithAWarningUntilTheVmiStops(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "immediate", "Immediate");
        await GoldenClaimAsync(world, world.Namespace);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ClaimVolume("disk", "golden")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running", "vm1 Running");

        await world.CreateAsync("cdi.kubevirt.io", "v1beta1", "datavolumes", CloneOf("copy", world.Namespace));
        await KubeVirtWorld.EventuallyAsync(() => StorageWorld.ReadClaimAsync(world, "copy"), c => c is not null, "target claim");
        await StorageWorld.BindAsync(world, "copy");

        var scheduled = await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("copy"), d => Phase(d) == "CloneScheduled", "CloneScheduled");
        Assert.Equal($"VMI {world.Namespace}/vm1 using PersistentVolumeClaim golden", Condition(scheduled, "Ready")["message"]!.GetValue<string>());
        await EventAsync(world, e => e.Reason == "HostAssistedCloneSourceInUse" && e.InvolvedObject.Name == "copy", "HostAssistedCloneSourceInUse event");

        await world.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"runStrategy\":\"Halted\"}}", V1Patch.PatchType.MergePatch), "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");
        await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("copy"), d => Phase(d) == "CloneInProgress", "CloneInProgress once vm1 stopped");
    }

    private static JsonObject CloneOf(string name, string sourceNamespace)
    {
        var dv = Manifests.DataVolume(name, new JsonObject { ["pvc"] = new JsonObject { ["namespace"] = sourceNamespace, ["name"] = "golden" } }, "immediate");
        dv["spec"]!["storage"]!.AsObject().Remove("resources");
        return dv;
    }

    /// <summary>A bound 3Gi claim <c>golden</c> in <paramref name="ns"/>.</summary>
    private static async Task GoldenClaimAsync(KubeVirtWorld world, string ns)
    {
        await world.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "golden" },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = "immediate",
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("3Gi") } },
                },
            },
            ns);
        await world.Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            new V1Patch("{\"status\":{\"phase\":\"Bound\",\"capacity\":{\"storage\":\"3Gi\"}}}", V1Patch.PatchType.MergePatch), "golden", ns);
    }

    private static string? ConditionReason(JsonObject? dv, string type)
        => dv?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["reason"]?.GetValue<string>();

    private static JsonObject Condition(JsonObject dv, string type)
        => dv["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == type)!.AsObject();
}
