using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.Clients;
using Harness.Api.KubeVirt;
using Harness.Api.SnapshotStorage;
using Harness.Api.Tests.Manifests;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Api.Tests.Clients;

/// <summary><see cref="CustomResourceClient{T}"/> against the embedded API server, in-process.</summary>
public sealed class CustomResourceClientIntegrationTests
{
    private const string VmCrd = "virtualmachines.kubevirt.io.yaml";
    private const string ClassCrd = "volumesnapshotclasses.snapshot.storage.k8s.io.yaml";

    [Fact]
    public async Task A_vm_created_and_read_back_keeps_every_field_of_its_spec()
    {
        await using var world = await ApiWorld.StartAsync(VmCrd);
        var machines = new CustomResourceClient<VirtualMachine>(world.Client);
        var manifest = NewVm("larry");

        var created = await machines.CreateAsync(manifest);
        var read = await machines.GetAsync("apps", "larry");

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal(NormalForm.Of(KubernetesJson.Serialize(manifest.Spec)), NormalForm.Of(KubernetesJson.Serialize(read.Spec)));
        Assert.Equal("u1.medium", read.Spec.Instancetype!.Name);
    }

    [Fact]
    public async Task Update_replaces_the_spec_and_a_stale_resource_version_is_a_conflict()
    {
        await using var world = await ApiWorld.StartAsync(VmCrd);
        var machines = new CustomResourceClient<VirtualMachine>(world.Client);
        var created = await machines.CreateAsync(NewVm("larry"));

        created.Spec.RunStrategy = KubeVirtApi.RunStrategies.Halted;
        var updated = await machines.UpdateAsync(created);

        Assert.Equal(KubeVirtApi.RunStrategies.Halted, (await machines.GetAsync("apps", "larry")).Spec.RunStrategy);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        created.Spec.RunStrategy = KubeVirtApi.RunStrategies.Always;
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => machines.UpdateAsync(created));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Equal("Conflict", KubernetesJson.Deserialize<V1Status>(conflict.Response.Content).Reason);
    }

    [Fact]
    public async Task Status_is_written_through_status_only_and_the_spec_only_through_the_object()
    {
        await using var world = await ApiWorld.StartAsync(VmCrd);
        var machines = new CustomResourceClient<VirtualMachine>(world.Client);
        var created = await machines.CreateAsync(NewVm("larry"));

        created.Status = new VirtualMachineStatus { SnapshotInProgress = "snap-1", PrintableStatus = KubeVirtApi.PrintableStatuses.Stopped };
        created.Spec.RunStrategy = KubeVirtApi.RunStrategies.Halted;
        var afterStatus = await machines.UpdateStatusAsync(created);

        Assert.Equal("snap-1", afterStatus.Status!.SnapshotInProgress);
        Assert.Equal(KubeVirtApi.RunStrategies.RerunOnFailure, afterStatus.Spec.RunStrategy);

        var patched = await machines.PatchStatusAsync("apps", "larry", CustomResourceClient<VirtualMachine>.MergePatch(new JsonObject { ["status"] = new JsonObject { ["snapshotInProgress"] = null, ["restoreInProgress"] = "restore-1" } }));

        Assert.Null(patched.Status!.SnapshotInProgress);
        Assert.Equal("restore-1", patched.Status.RestoreInProgress);
        Assert.Equal(KubeVirtApi.PrintableStatuses.Stopped, patched.Status.PrintableStatus);
    }

    [Fact]
    public async Task Merge_and_json_patches_change_only_what_they_name()
    {
        await using var world = await ApiWorld.StartAsync(VmCrd);
        var machines = new CustomResourceClient<VirtualMachine>(world.Client);
        await machines.CreateAsync(NewVm("larry"));

        await machines.PatchAsync("apps", "larry", CustomResourceClient<VirtualMachine>.MergePatch(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "gold" } } }));
        var patched = await machines.PatchAsync("apps", "larry", new V1Patch("""[{"op":"replace","path":"/spec/runStrategy","value":"Manual"}]""", V1Patch.PatchType.JsonPatch));

        Assert.Equal("gold", patched.Metadata.Labels["tier"]);
        Assert.Equal("larry", patched.Metadata.Labels["app"]);
        Assert.Equal(KubeVirtApi.RunStrategies.Manual, patched.Spec.RunStrategy);
        Assert.Equal(11, patched.Spec.Template!.Spec!.Volumes!.Count);
    }

    [Fact]
    public async Task List_filters_by_namespace_and_label_and_watch_sees_changes_after_the_list()
    {
        await using var world = await ApiWorld.StartAsync(VmCrd);
        var machines = new CustomResourceClient<VirtualMachine>(world.Client);
        await machines.CreateAsync(NewVm("larry"));
        await machines.CreateAsync(NewVm("moe", "other"));

        var all = await machines.ListAsync();
        var apps = await machines.ListAsync("apps");
        var labelled = await machines.ListAsync(labelSelector: "app=moe");

        Assert.Equal(["larry", "moe"], all.Items.Select(v => v.Metadata.Name).Order());
        Assert.Equal(["larry"], apps.Items.Select(v => v.Metadata.Name));
        Assert.Equal(["moe"], labelled.Items.Select(v => v.Metadata.Name));

        using var stop = new CancellationTokenSource();
        var events = new List<(WatchEventType, string?, string?)>();
        var watching = Task.Factory.StartNew(
            async () =>
            {
                await foreach (var (type, vm) in machines.WatchAsync("apps", all.Metadata.ResourceVersion, allowWatchBookmarks: false, cancellationToken: stop.Token))
                {
                    events.Add((type, vm.Metadata.Name, vm.Spec.RunStrategy));
                    if (events.Count == 2)
                    {
                        return;
                    }
                }
            },
            stop.Token,
            TaskCreationOptions.None,
            TaskScheduler.Default).Unwrap();
        await machines.PatchAsync("other", "moe", CustomResourceClient<VirtualMachine>.MergePatch(new JsonObject { ["spec"] = new JsonObject { ["runStrategy"] = "Halted" } }));
        await machines.PatchAsync("apps", "larry", CustomResourceClient<VirtualMachine>.MergePatch(new JsonObject { ["spec"] = new JsonObject { ["runStrategy"] = "Halted" } }));
        await machines.DeleteAsync("apps", "larry");

        await watching.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal([(WatchEventType.Modified, "larry", "Halted"), (WatchEventType.Deleted, "larry", "Halted")], events);
    }

    [Fact]
    public async Task Cluster_scoped_objects_are_created_read_listed_and_deleted_without_a_namespace()
    {
        await using var world = await ApiWorld.StartAsync(ClassCrd);
        var classes = new CustomResourceClient<VolumeSnapshotClass>(world.Client);

        await classes.CreateAsync(new VolumeSnapshotClass
        {
            Metadata = new V1ObjectMeta { Name = "fast", Annotations = new Dictionary<string, string> { [SnapshotStorageApi.IsDefaultClassAnnotation] = "true" } },
            Driver = "hostpath.csi.k8s.io",
            DeletionPolicy = SnapshotStorageApi.DeletionPolicyRetain,
        });

        var read = await classes.GetAsync(null, "fast");
        Assert.Equal(SnapshotStorageApi.ApiVersion, read.ApiVersion);
        Assert.Equal(SnapshotStorageApi.DeletionPolicyRetain, read.DeletionPolicy);
        Assert.Equal(["fast"], (await classes.ListAsync()).Items.Select(c => c.Metadata.Name));

        await classes.DeleteAsync(null, "fast");

        Assert.Null(await classes.TryGetAsync(null, "fast"));
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => classes.GetAsync(null, "fast"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task Invalid_objects_are_refused_with_the_servers_status_and_nothing_is_stored()
    {
        await using var world = await ApiWorld.StartAsync(ClassCrd);
        var classes = new CustomResourceClient<VolumeSnapshotClass>(world.Client);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => classes.CreateAsync(new VolumeSnapshotClass { Metadata = new V1ObjectMeta { Name = "nodriver" } }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("driver", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message, StringComparison.Ordinal);
        Assert.Empty((await classes.ListAsync()).Items);
    }

    [Fact]
    public void A_type_without_kubernetes_entity_is_refused()
        => Assert.Throws<ArgumentException>(() => new CustomResourceClient<V1ObjectMetaHolder>(null!));

    private static VirtualMachine NewVm(string name, string ns = "apps")
    {
        var vm = (VirtualMachine)Fixture.Named("vm-larry-hotplug").Read();
        vm.Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = name } };
        vm.Status = null;
        return vm;
    }

    /// <summary>A Kubernetes object type without <see cref="KubernetesEntityAttribute"/>.</summary>
    public sealed class V1ObjectMetaHolder : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();
    }
}
