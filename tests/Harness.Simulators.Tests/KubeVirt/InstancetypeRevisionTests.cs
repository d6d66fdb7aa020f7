using System.Text.Json.Nodes;
using Harness.Api.Instancetypes;
using k8s;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// virt-controller's instancetype handling in the simulator: the ControllerRevisions it keeps for a VM's instance
/// type and preference, the status refs naming them, and the VMI expanded from them.
/// </summary>
[Collection(KubeVirtCollection.Name)]
public sealed class InstancetypeRevisionTests(KubeVirtWorlds worlds)
{
    [SkippableTheory, Backends]
    public async Task VmWithInstancetypeAndPreference_StoresRevisionsOwnedByTheVmAndNamesThemInItsStatus(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        var instancetype = await CreateAsync(world, InstancetypeApi.InstancetypePlural, InstancetypeApi.InstancetypeKind, "it1", InstancetypeSpec(2, "256Mi"));
        var preference = await CreateAsync(world, InstancetypeApi.PreferencePlural, InstancetypeApi.PreferenceKind, "pref1", PreferenceSpec("cores"));
        var vm = await world.CreateVmAsync(WithMatchers(Manifests.Vm("vm1", "Halted"), "it1", "pref1"));

        var stored = await WaitRefsAsync(world, "vm1");

        var uid = vm["metadata"]!["uid"]!.GetValue<string>();
        foreach (var (field, source) in new[] { ("instancetypeRef", instancetype), ("preferenceRef", preference) })
        {
            var name = stored["status"]![field]!["controllerRevisionRef"]!["name"]!.GetValue<string>();
            Assert.Equal($"vm1-{source["metadata"]!["name"]}-v1beta1-{source["metadata"]!["uid"]}-1", name);
            var revision = await world.Client.AppsV1.ReadNamespacedControllerRevisionAsync(name, world.Namespace);
            var owner = Assert.Single(revision.Metadata.OwnerReferences);
            Assert.Equal(("VirtualMachine", "vm1", uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
            Assert.Equal(source["kind"]!.GetValue<string>(), revision.Metadata.Labels[InstancetypeApi.RevisionLabels.ObjectKind]);
            Assert.Equal(source["metadata"]!["uid"]!.GetValue<string>(), revision.Metadata.Labels[InstancetypeApi.RevisionLabels.ObjectUid]);
            Assert.Equal("v1beta1", revision.Metadata.Labels[InstancetypeApi.RevisionLabels.ObjectVersion]);
            var data = JsonNode.Parse(KubernetesJson.Serialize(revision.Data))!;
            Assert.True(JsonNode.DeepEquals(source["spec"], data["spec"]));
            Assert.Equal(source["kind"]!.GetValue<string>(), data["kind"]!.GetValue<string>());
            Assert.Null(data["metadata"]!["labels"]);
            Assert.Null(data["metadata"]!["annotations"]);
        }

        Assert.Equal("it1", stored["status"]!["instancetypeRef"]!["name"]!.GetValue<string>());
        Assert.Equal(InstancetypeApi.PreferenceKind, stored["status"]!["preferenceRef"]!["kind"]!.GetValue<string>());
        Assert.Null(stored["spec"]!["instancetype"]!["revisionName"]);
        Assert.Equal(vm["metadata"]!["generation"]!.GetValue<long>(), stored["metadata"]!["generation"]!.GetValue<long>());
    }

    [SkippableTheory, Backends]
    public async Task RunningVm_VmiExpandsTheInstancetypeAsThePreferenceLaysItOut(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        var spec = InstancetypeSpec(4, "1Gi");
        spec["memory"]!["overcommitPercent"] = 25;
        spec["cpu"]!["model"] = "Haswell-noTSX";
        await CreateAsync(world, InstancetypeApi.InstancetypePlural, InstancetypeApi.InstancetypeKind, "it1", spec);
        await CreateAsync(world, InstancetypeApi.PreferencePlural, InstancetypeApi.PreferenceKind, "pref1", PreferenceSpec("preferCores"));
        await world.CreateVmAsync(WithMatchers(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")), "it1", "pref1"));

        var vmi = await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), v => v is not null, "VMI created");

        var domain = vmi["spec"]!["domain"]!;
        Assert.Equal((1, 4, 1), (domain["cpu"]!["sockets"]!.GetValue<int>(), domain["cpu"]!["cores"]!.GetValue<int>(), domain["cpu"]!["threads"]!.GetValue<int>()));
        Assert.Equal("Haswell-noTSX", domain["cpu"]!["model"]!.GetValue<string>());
        Assert.Equal("1Gi", domain["memory"]!["guest"]!.GetValue<string>());
        Assert.Equal("768Mi", domain["resources"]!["requests"]!["memory"]!.GetValue<string>());
        Assert.Equal("it1", vmi["metadata"]!["annotations"]![InstancetypeApi.InstanceAnnotations.Instancetype]!.GetValue<string>());
        Assert.Equal("pref1", vmi["metadata"]!["annotations"]![InstancetypeApi.InstanceAnnotations.Preference]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task InstancetypeWithNumericMemory_VmiGetsTheNumberAsWritten(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        var spec = InstancetypeSpec(2, "0");
        spec["memory"]!["guest"] = 1073741824;
        spec["memory"]!["overcommitPercent"] = 50;
        await CreateAsync(world, InstancetypeApi.InstancetypePlural, InstancetypeApi.InstancetypeKind, "numeric", spec);
        await world.CreateVmAsync(WithMatchers(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")), "numeric", null));

        var vmi = await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), v => v is not null, "VMI created");

        var domain = vmi["spec"]!["domain"]!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, domain["memory"]!["guest"]!.GetValueKind());
        Assert.Equal(1073741824, domain["memory"]!["guest"]!.GetValue<long>());
        Assert.Equal("512Mi", domain["resources"]!["requests"]!["memory"]!.GetValue<string>());
        Assert.Equal((2, 1, 1), (domain["cpu"]!["sockets"]!.GetValue<int>(), domain["cpu"]!["cores"]!.GetValue<int>(), domain["cpu"]!["threads"]!.GetValue<int>()));
    }

    [SkippableTheory, Backends]
    public async Task ClusterInstancetypeWithoutKind_IsTheClusterWideOne(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        var name = $"u1.small.{world.Namespace}";
        var body = new JsonObject
        {
            ["apiVersion"] = InstancetypeApi.ApiVersion,
            ["kind"] = InstancetypeApi.ClusterInstancetypeKind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = InstancetypeSpec(1, "2Gi"),
        };
        await world.Client.CustomObjects.CreateClusterCustomObjectAsync(body, InstancetypeApi.Group, InstancetypeApi.Version, InstancetypeApi.ClusterInstancetypePlural);
        var vm = Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root"));
        vm["spec"]!["instancetype"] = new JsonObject { ["name"] = name };
        ((JsonObject)vm["spec"]!["template"]!["spec"]!["domain"]!).Remove("resources");
        await world.CreateVmAsync(vm);

        var vmi = await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), v => v is not null, "VMI created");

        Assert.Equal(name, vmi["metadata"]!["annotations"]![InstancetypeApi.InstanceAnnotations.ClusterInstancetype]!.GetValue<string>());
        Assert.Equal("2Gi", vmi["spec"]!["domain"]!["memory"]!["guest"]!.GetValue<string>());
        Assert.Equal(1, vmi["spec"]!["domain"]!["cpu"]!["sockets"]!.GetValue<int>());
        await world.Client.CustomObjects.DeleteClusterCustomObjectAsync(InstancetypeApi.Group, InstancetypeApi.Version, InstancetypeApi.ClusterInstancetypePlural, name);
    }

    [SkippableTheory, Backends]
    public async Task MatcherPinnedToARevision_StatusNamesItAndNoCopyIsMade(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await CreateAsync(world, InstancetypeApi.InstancetypePlural, InstancetypeApi.InstancetypeKind, "it1", InstancetypeSpec(1, "128Mi"));
        await world.Client.AppsV1.CreateNamespacedControllerRevisionAsync(
            new V1ControllerRevision
            {
                Metadata = new V1ObjectMeta { Name = "pinned-it1" },
                Data = new JsonObject { ["apiVersion"] = InstancetypeApi.ApiVersion, ["kind"] = InstancetypeApi.InstancetypeKind, ["spec"] = InstancetypeSpec(2, "512Mi") },
            },
            world.Namespace);
        var vm = WithMatchers(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")), "it1", null);
        vm["spec"]!["instancetype"]!["revisionName"] = "pinned-it1";
        await world.CreateVmAsync(vm);

        var vmi = await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), v => v is not null, "VMI created");

        Assert.Equal("pinned-it1", (await world.VmAsync("vm1"))!["status"]!["instancetypeRef"]!["controllerRevisionRef"]!["name"]!.GetValue<string>());
        Assert.Equal("512Mi", vmi["spec"]!["domain"]!["memory"]!["guest"]!.GetValue<string>());
        Assert.Equal(2, vmi["spec"]!["domain"]!["cpu"]!["sockets"]!.GetValue<int>());
        var revisions = await world.Client.AppsV1.ListNamespacedControllerRevisionAsync(world.Namespace);
        Assert.DoesNotContain(revisions.Items, r => r.Metadata.Name.StartsWith("vm1-", StringComparison.Ordinal));
    }

    [SkippableTheory, Backends]
    public async Task ChangedMatcherName_ForgetsTheOldCopyAndStoresTheNewOne(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await CreateAsync(world, InstancetypeApi.InstancetypePlural, InstancetypeApi.InstancetypeKind, "it1", InstancetypeSpec(1, "128Mi"));
        var it2 = await CreateAsync(world, InstancetypeApi.InstancetypePlural, InstancetypeApi.InstancetypeKind, "it2", InstancetypeSpec(2, "256Mi"));
        await world.CreateVmAsync(WithMatchers(Manifests.Vm("vm1", "Halted"), "it1", null));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => v?["status"]?["instancetypeRef"]?["controllerRevisionRef"] is not null, "first ref");

        await world.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"instancetype\":{\"name\":\"it2\"}}}", V1Patch.PatchType.MergePatch),
            "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");

        var expected = $"vm1-it2-v1beta1-{it2["metadata"]!["uid"]}-1";
        var vm = await KubeVirtWorld.EventuallyAsync(
            () => world.VmAsync("vm1"),
            v => v?["status"]?["instancetypeRef"]?["controllerRevisionRef"]?["name"]?.GetValue<string>() == expected,
            "ref to it2's revision");
        Assert.Equal("it2", vm["status"]!["instancetypeRef"]!["name"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public Task MissingInstancetype_VmFailureConditionSaysWhy(Backend backend) =>
        AssertCannotBeKeptAsync(backend, "missing", "virtualmachineinstancetypes.instancetype.kubevirt.io \"missing\" not found");

    [SkippableTheory, Backends]
    public Task TemplateSettingMemory_ConflictsWithTheInstancetype(Backend backend) =>
        AssertCannotBeKeptAsync(backend, "conflicting", "VM field(s) spec.template.spec.domain.resources.requests.memory conflicts with selected instance type");

    [SkippableTheory, Backends]
    public Task ExistingRevisionHoldingAnotherObject_IsNotTakenForACopy(Backend backend) =>
        AssertCannotBeKeptAsync(backend, "tampered", "found existing ControllerRevision with unexpected data: vm1-tampered-v1beta1-");

    private async Task AssertCannotBeKeptAsync(Backend backend, string name, string message)
    {
        await using var world = await worlds.StartAsync(backend);
        var vm = WithMatchers(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")), name, null);
        if (name != "missing")
        {
            var created = await CreateAsync(world, InstancetypeApi.InstancetypePlural, InstancetypeApi.InstancetypeKind, name, InstancetypeSpec(1, "128Mi"));
            if (name == "conflicting")
            {
                vm["spec"]!["template"]!["spec"]!["domain"]!["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = "128Mi" } };
            }
            else
            {
                await world.Client.AppsV1.CreateNamespacedControllerRevisionAsync(
                    new V1ControllerRevision
                    {
                        Metadata = new V1ObjectMeta { Name = $"vm1-{name}-v1beta1-{created["metadata"]!["uid"]}-1" },
                        Data = new JsonObject { ["spec"] = InstancetypeSpec(8, "8Gi") },
                    },
                    world.Namespace);
            }
        }

        await world.CreateVmAsync(vm);

        var failed = await KubeVirtWorld.EventuallyAsync(
            () => world.VmAsync("vm1"),
            v => v?["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Failure") == true,
            "Failure condition");
        var failure = failed["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Failure")!;
        Assert.StartsWith("Error encountered while storing Instancetype ControllerRevisions: " + message, failure["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await world.VmiAsync("vm1"));
    }

    private static JsonObject InstancetypeSpec(uint cpus, string memory) => new()
    {
        ["cpu"] = new JsonObject { ["guest"] = cpus },
        ["memory"] = new JsonObject { ["guest"] = memory },
    };

    private static JsonObject PreferenceSpec(string topology) => new() { ["cpu"] = new JsonObject { ["preferredCPUTopology"] = topology } };

    private static Task<JsonObject> CreateAsync(KubeVirtWorld world, string plural, string kind, string name, JsonObject spec) =>
        world.CreateAsync(InstancetypeApi.Group, InstancetypeApi.Version, plural, new JsonObject
        {
            ["apiVersion"] = InstancetypeApi.ApiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = world.Namespace, ["labels"] = new JsonObject { ["team"] = "a" } },
            ["spec"] = spec,
        });

    /// <summary>The VM with namespaced instance type and preference matchers, and no memory of its own.</summary>
    private static JsonObject WithMatchers(JsonObject vm, string instancetype, string? preference)
    {
        vm["spec"]!["instancetype"] = new JsonObject { ["name"] = instancetype, ["kind"] = InstancetypeApi.InstancetypeKind };
        if (preference is not null)
        {
            vm["spec"]!["preference"] = new JsonObject { ["name"] = preference, ["kind"] = InstancetypeApi.PreferenceKind };
        }

        ((JsonObject)vm["spec"]!["template"]!["spec"]!["domain"]!).Remove("resources");
        return vm;
    }

    private static Task<JsonObject> WaitRefsAsync(KubeVirtWorld world, string name) =>
        KubeVirtWorld.EventuallyAsync(
            () => world.VmAsync(name),
            v => v?["status"]?["instancetypeRef"]?["controllerRevisionRef"] is not null && v["status"]!["preferenceRef"]?["controllerRevisionRef"] is not null,
            "revision refs");
}
