using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static Harness.Simulators.Tests.KubeVirt.Conditions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

[Collection(KubeVirtCollection.Name)]
public sealed class StorageIntegrationTests(KubeVirtWorlds worlds)
{
    [SkippableTheory, Backends]
    public async Task VmWithWaitForFirstConsumerClaim_ClaimGetsSelectedNode_RunsOnceBound(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "wffc", "WaitForFirstConsumer");
        await StorageWorld.ClaimAsync(world, "data", "wffc");
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ClaimVolume("data", "data")));

        var claim = await KubeVirtWorld.EventuallyAsync(
            () => StorageWorld.ReadClaimAsync(world, "data"),
            c => c?.Metadata.Annotations?.ContainsKey("volume.kubernetes.io/selected-node") == true,
            "selected-node on the claim");
        Assert.Equal("harness-node", claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]);
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "WaitingForVolumeBinding", "WaitingForVolumeBinding");
        Assert.Equal("Scheduling", Phase(await world.VmiAsync("vm1")));

        await StorageWorld.BindAsync(world, "data");

        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running");
        var vmi = await world.VmiAsync("vm1");
        Assert.Equal("harness-node", vmi!["status"]!["nodeName"]!.GetValue<string>());
        var volume = vmi["status"]!["volumeStatus"]!.AsArray().Single()!;
        Assert.Equal("data", volume["persistentVolumeClaimInfo"]!["claimName"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task VmWithWaitForFirstConsumerClaim_ClassCachedAfterScheduling_ClaimGetsSelectedNode(Backend backend)
    {
        var held = new HeldWatch("storageclasses", passed: 0);
        await using var world = await worlds.StartAsync(backend, simulatorTransport: held);
        try
        {
            await StorageWorld.StorageClassAsync(world, "wffc", "WaitForFirstConsumer");
            await StorageWorld.ClaimAsync(world, "data", "wffc");
            await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ClaimVolume("data", "data")));
            await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Scheduling", "Scheduling");
            Assert.Null((await StorageWorld.ReadClaimAsync(world, "data"))!.Metadata.Annotations);

            held.Release();

            var claim = await KubeVirtWorld.EventuallyAsync(
                () => StorageWorld.ReadClaimAsync(world, "data"),
                c => c?.Metadata.Annotations?.ContainsKey("volume.kubernetes.io/selected-node") == true,
                "selected-node on the claim");
            Assert.Equal("harness-node", claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]);
        }
        finally
        {
            held.Release();
        }
    }

    [SkippableTheory, Backends]
    public async Task VmWithImmediateUnboundClaim_NoSelectedNode_WaitsInScheduling(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "immediate", "Immediate");
        await StorageWorld.ClaimAsync(world, "data", "immediate");
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ClaimVolume("data", "data")));

        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Scheduling", "Scheduling");

        Assert.Null((await StorageWorld.ReadClaimAsync(world, "data"))!.Metadata.Annotations);
        await StorageWorld.BindAsync(world, "data");
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running", "Running");
    }

    [SkippableTheory, Backends]
    public async Task VmWithDataVolumeTemplate_ImportsThenRuns(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "wffc", "WaitForFirstConsumer", isDefault: true);
        var vm = Manifests.Vm("vm1", "Always", null, Manifests.DataVolumeVolume("root", "vm1-root"));
        vm["spec"]!["dataVolumeTemplates"] = new JsonArray(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "vm1-root" },
            ["spec"] = Manifests.DataVolume("vm1-root", new JsonObject { ["http"] = new JsonObject { ["url"] = "http://images/fedora.qcow2" } })["spec"]!.DeepClone(),
        });
        var created = await world.CreateVmAsync(vm);

        var dv = await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("vm1-root"), d => d is not null, "DV created");
        Assert.Equal(Uid(created), dv["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        var claim = await KubeVirtWorld.EventuallyAsync(
            () => StorageWorld.ReadClaimAsync(world, "vm1-root"),
            c => c?.Metadata.Annotations?.ContainsKey("volume.kubernetes.io/selected-node") == true,
            "the DV's claim selected for the node");
        Assert.Equal("wffc", claim.Spec.StorageClassName);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal("Filesystem", claim.Spec.VolumeMode);
        var owner = Assert.Single(claim.Metadata.OwnerReferences);
        Assert.Equal(("DataVolume", "vm1-root", true), (owner.Kind, owner.Name, owner.Controller == true));

        await StorageWorld.BindAsync(world, "vm1-root");
        var importing = await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("vm1-root"), d => Phase(d) == "ImportInProgress", "ImportInProgress");
        // On the real server the import runs on the real clock, so the first ImportInProgress seen may be past 0%.
        var progress = importing["status"]!["progress"]!.GetValue<string>();
        Assert.True(backend == Backend.Binary ? progress != "100.0%" && progress.EndsWith('%') : progress == "0.00%", $"progress {progress}");
        Assert.Equal("Scheduling", Phase(await world.VmiAsync("vm1")));

        await world.PassAsync(TimeSpan.FromSeconds(3));

        var done = await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("vm1-root"), d => Phase(d) == "Succeeded", "DV Succeeded");
        Assert.Equal("100.0%", done["status"]!["progress"]!.GetValue<string>());
        Assert.True(Has(done, "Ready"));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "VM Running");
    }

    [SkippableTheory, Backends]
    public async Task DataVolumeWithoutConsumer_WaitForFirstConsumerClass_WaitsForConsumer(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "wffc", "WaitForFirstConsumer", isDefault: true);

        await world.CreateAsync("cdi.kubevirt.io", "v1beta1", "datavolumes", Manifests.DataVolume("data", new JsonObject { ["blank"] = new JsonObject() }));

        var dv = await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("data"), d => Phase(d) == "WaitForFirstConsumer", "WaitForFirstConsumer");
        Assert.Equal("N/A", dv["status"]!["progress"]!.GetValue<string>());
        Assert.Equal("data", dv["status"]!["claimName"]!.GetValue<string>());
        Assert.Equal("wffc", (await StorageWorld.ReadClaimAsync(world, "data"))!.Spec.StorageClassName);
    }

    [SkippableTheory, Backends]
    public async Task DataVolumeWithPvcSpecAndImmediateClass_ProvisioningUntilBound(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "immediate", "Immediate");
        var dv = Manifests.DataVolume("blank", new JsonObject { ["blank"] = new JsonObject() });
        dv["spec"]!.AsObject().Remove("storage");
        dv["spec"]!["pvc"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteMany"),
            ["storageClassName"] = "immediate",
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "2Gi" } },
        };
        await world.CreateAsync("cdi.kubevirt.io", "v1beta1", "datavolumes", dv);

        await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("blank"), d => Phase(d) == "Pending", "Pending");
        var claim = await StorageWorld.ReadClaimAsync(world, "blank");
        Assert.Equal(["ReadWriteMany"], claim!.Spec.AccessModes);
        Assert.Equal("2Gi", claim.Spec.Resources.Requests["storage"].ToString());

        await StorageWorld.BindAsync(world, "blank");
        await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("blank"), d => Phase(d) == "ImportInProgress", "ImportInProgress");
    }

    [SkippableTheory, Backends]
    public async Task DataVolume_ClaimPopulatedForIt_AdoptedAndSucceeded(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "immediate", "Immediate");
        await StorageWorld.ClaimAsync(world, "restored", "immediate", new Dictionary<string, string> { ["cdi.kubevirt.io/storage.populatedFor"] = "restored" });
        await StorageWorld.BindAsync(world, "restored");

        var created = await world.CreateAsync("cdi.kubevirt.io", "v1beta1", "datavolumes",
            Manifests.DataVolume("restored", new JsonObject { ["blank"] = new JsonObject() }, "immediate"));

        var dv = await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("restored"), d => Phase(d) == "Succeeded", "Succeeded");
        Assert.Equal("100.0%", dv["status"]!["progress"]!.GetValue<string>());
        var claim = await KubeVirtWorld.EventuallyAsync(
            () => StorageWorld.ReadClaimAsync(world, "restored"), c => c?.Metadata.OwnerReferences?.Count == 1, "claim adopted");
        Assert.Equal(Uid(created), claim.Metadata.OwnerReferences[0].Uid);
    }

    [SkippableTheory, Backends]
    public async Task DataVolume_PrePopulatedWithoutClaim_PendingAndNoClaimCreated(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "wffc", "WaitForFirstConsumer");
        await world.CreateAsync("cdi.kubevirt.io", "v1beta1", "datavolumes",
            Manifests.DataVolume("dv1", new JsonObject { ["blank"] = new JsonObject() }, "wffc",
                new JsonObject { ["cdi.kubevirt.io/storage.prePopulated"] = "dv1" }));

        await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("dv1"), d => Phase(d) == "Pending", "Pending");
        Assert.Null(await StorageWorld.ReadClaimAsync(world, "dv1"));

        await StorageWorld.ClaimAsync(world, "dv1", "wffc");

        await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("dv1"), d => Phase(d) == "PendingPopulation", "PendingPopulation");
    }

    [SkippableTheory, Backends]
    public async Task DataVolume_NeitherPvcNorStorage_Failed(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        var dv = Manifests.DataVolume("bad", new JsonObject { ["blank"] = new JsonObject() });
        dv["spec"]!.AsObject().Remove("storage");
        await world.CreateAsync("cdi.kubevirt.io", "v1beta1", "datavolumes", dv);

        var failed = await KubeVirtWorld.EventuallyAsync(() => world.DataVolumeAsync("bad"), d => Phase(d) == "Failed", "Failed");

        var ready = failed["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "Ready")!;
        Assert.Equal("DataVolume.spec must have pvc or storage", ready["message"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task StorageProfile_ClassWithSnapshotClass_ReportsIt(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "snapshot.storage.k8s.io/v1",
                ["kind"] = "VolumeSnapshotClass",
                ["metadata"] = new JsonObject { ["name"] = "snaps" },
                ["driver"] = StorageWorld.Driver,
                ["deletionPolicy"] = "Delete",
            },
            "snapshot.storage.k8s.io", "v1", "volumesnapshotclasses");
        await StorageWorld.StorageClassAsync(world, "fast", "Immediate");
        await StorageWorld.StorageClassAsync(world, "other", "Immediate", provisioner: "other.csi.io");

        var fast = await KubeVirtWorld.EventuallyAsync(
            () => Profile(world, "fast"), p => p?["status"]?["snapshotClass"] is not null, "profile with snapshot class");
        var other = await KubeVirtWorld.EventuallyAsync(() => Profile(world, "other"), p => p?["status"]?["provisioner"] is not null, "profile");

        Assert.Equal("snaps", fast["status"]!["snapshotClass"]!.GetValue<string>());
        Assert.Equal(StorageWorld.Driver, fast["status"]!["provisioner"]!.GetValue<string>());
        Assert.Equal("fast", fast["status"]!["storageClass"]!.GetValue<string>());
        Assert.Equal("Filesystem", fast["status"]!["claimPropertySets"]![0]!["volumeMode"]!.GetValue<string>());
        Assert.Null(other["status"]!["snapshotClass"]);
        Assert.Equal("copy", other["status"]!["cloneStrategy"]!.GetValue<string>());
    }

    private static async Task<JsonObject?> Profile(KubeVirtWorld world, string name)
    {
        var list = await world.Client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("cdi.kubevirt.io", "v1beta1", "storageprofiles");
        return list["items"]!.AsArray().OfType<JsonObject>().FirstOrDefault(p => p["metadata"]!["name"]!.GetValue<string>() == name);
    }
}
