using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Crds;
using Harness.EnvTest.Tests.Environment;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>
/// The machine's real kubectl against a running API server, as a user types it (section A of the behaviour
/// reference). Each concrete subclass runs these tests on one backend; each test works in its own namespace.
/// </summary>
public abstract partial class KubectlTests<TFixture> : IAsyncLifetime
    where TFixture : ApiServerBackendFixture
{
    private static int s_namespaceCounter;

    private readonly TFixture _fixture;

    protected KubectlTests(TFixture fixture)
    {
        _fixture = fixture;
        Namespace = $"kubectl-{Interlocked.Increment(ref s_namespaceCounter)}-{System.Environment.ProcessId % 10000}";
    }

    private string Namespace { get; }

    private IKubernetes Client => _fixture.Environment.Client;

    private Kubectl Kubectl => new(_fixture.Environment.KubeconfigPath);

    public async Task InitializeAsync()
    {
        if (_fixture.SkipReason is null)
        {
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        }
    }

    public async Task DisposeAsync()
    {
        if (_fixture.SkipReason is null)
        {
            await Client.CoreV1.DeleteNamespaceAsync(Namespace);
        }
    }

    [SkippableFact]
    public async Task ApiResources_Always_ListsTheShortNames()
    {
        _fixture.SkipIfUnavailable();

        var result = await Succeeds("api-resources");

        var shortNames = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length >= 4)
            .ToDictionary(columns => columns[0] + "." + columns[^3], columns => columns.Length == 5 ? columns[1] : string.Empty);
        Assert.Equal("vm,vms", shortNames["virtualmachines.kubevirt.io/v1"]);
        Assert.Equal("vmi,vmis", shortNames["virtualmachineinstances.kubevirt.io/v1"]);
        Assert.Equal("vmsnapshot,vmsnapshots", shortNames["virtualmachinesnapshots.snapshot.kubevirt.io/v1beta1"]);
        Assert.Equal("vmsnapshotcontent,vmsnapshotcontents", shortNames["virtualmachinesnapshotcontents.snapshot.kubevirt.io/v1beta1"]);
        Assert.Equal("vmrestore,vmrestores", shortNames["virtualmachinerestores.snapshot.kubevirt.io/v1beta1"]);
        Assert.Equal("vs", shortNames["volumesnapshots.snapshot.storage.k8s.io/v1"]);
        Assert.Equal("dv,dvs", shortNames["datavolumes.cdi.kubevirt.io/v1beta1"]);
    }

    [SkippableFact]
    public async Task Apply_SeedYaml_CreatesSnapshotAndRestore()
    {
        _fixture.SkipIfUnavailable();

        var snapshot = await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Snapshot);
        var restore = await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Restore);

        Assert.Equal("virtualmachinesnapshot.snapshot.kubevirt.io/snap-larry created\n", snapshot.Output);
        Assert.Equal("virtualmachinerestore.snapshot.kubevirt.io/restore-larry created\n", restore.Output);
        var stored = await ReadSnapshotAsync("snap-larry");
        Assert.Equal("larry", stored["spec"]!["source"]!["name"]!.GetValue<string>());
        var again = await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Snapshot);
        Assert.Equal("virtualmachinesnapshot.snapshot.kubevirt.io/snap-larry unchanged\n", again.Output);
    }

    [SkippableFact]
    public async Task Get_VmSnapshot_ShowsThePrinterColumns()
    {
        _fixture.SkipIfUnavailable();
        await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Snapshot);

        var result = await Succeeds($"get vmsnapshot -n {Namespace}");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["NAME", "SOURCEKIND", "SOURCENAME", "PHASE", "READYTOUSE", "CREATIONTIME", "ERROR"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["snap-larry", "VirtualMachine", "larry"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableFact]
    public async Task Get_OutputYaml_PrintsTheStoredObject()
    {
        _fixture.SkipIfUnavailable();
        await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Snapshot);

        var result = await Succeeds($"get vmsnapshot snap-larry -n {Namespace} -o yaml");

        Assert.Contains("apiVersion: snapshot.kubevirt.io/v1beta1\n", result.Output);
        Assert.Contains("kind: VirtualMachineSnapshot\n", result.Output);
        Assert.Contains("  name: snap-larry\n", result.Output);
        Assert.Contains($"  namespace: {Namespace}\n", result.Output);
        Assert.Contains("  uid: ", result.Output);
        Assert.Contains("  resourceVersion: ", result.Output);
        Assert.Contains("    kind: VirtualMachine\n", result.Output);
    }

    [SkippableFact]
    public async Task Patch_SeedFeatureGateCommand_EnablesSnapshotOnTheKubeVirtObject()
    {
        _fixture.SkipIfUnavailable();
        await EnsureKubeVirtObjectAsync();

        var result = await Kubectl.RunAsync(
            ["patch", "-n", "kubevirt", "kubevirt", "kubevirt", "-p",
             """{"spec": {"configuration": { "developerConfiguration": { "featureGates": [ "Snapshot" ] }}}}""",
             "-o", "json", "--type", "merge"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        var patched = JsonNode.Parse(result.Output)!;
        Assert.Equal("KubeVirt", patched["kind"]!.GetValue<string>());
        Assert.Equal(
            "Snapshot",
            patched["spec"]!["configuration"]!["developerConfiguration"]!["featureGates"]![0]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Delete_VmSnapshot_RemovesIt()
    {
        _fixture.SkipIfUnavailable();
        await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Snapshot);

        var deleted = await Succeeds($"delete vmsnapshot snap-larry -n {Namespace}");
        var get = await Kubectl.RunAsync($"get vmsnapshot snap-larry -n {Namespace}");

        Assert.Equal("virtualmachinesnapshot.snapshot.kubevirt.io \"snap-larry\" deleted\n", deleted.Output);
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("Error from server (NotFound): virtualmachinesnapshots.snapshot.kubevirt.io \"snap-larry\" not found", get.Error);
    }

    [SkippableFact]
    public async Task Wait_ReadyConditionSetThroughStatus_Returns()
    {
        _fixture.SkipIfUnavailable();
        await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Snapshot);

        var wait = Kubectl.RunAsync($"wait vmsnapshot snap-larry -n {Namespace} --for condition=Ready --timeout=50s");
        await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(
                """{"status":{"phase":"Succeeded","readyToUse":true,"conditions":[{"type":"Ready","status":"True","reason":"Operation complete"}]}}""",
                V1Patch.PatchType.MergePatch),
            "snapshot.kubevirt.io",
            "v1beta1",
            Namespace,
            "virtualmachinesnapshots",
            "snap-larry");
        var result = await wait;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("virtualmachinesnapshot.snapshot.kubevirt.io/snap-larry condition met\n", result.Output);
        Assert.Equal(string.Empty, result.Error);
    }

    [SkippableFact]
    public async Task Wait_ReadyConditionNeverSet_TimesOut()
    {
        _fixture.SkipIfUnavailable();
        await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Snapshot);

        var result = await Kubectl.RunAsync($"wait vmsnapshot snap-larry -n {Namespace} --for condition=Ready --timeout=3s");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("timed out waiting for the condition on virtualmachinesnapshots/snap-larry", result.Error);
    }

    [SkippableFact]
    public async Task ApplyServerSide_SeedRestoreYaml_IsAppliedAndOwnedByKubectl()
    {
        _fixture.SkipIfUnavailable();

        var first = await Succeeds($"apply --server-side -n {Namespace} -f -", SeedManifests.Restore);
        var second = await Succeeds($"apply --server-side -n {Namespace} -f -", SeedManifests.Restore.Replace("snap-larry", "snap-larry-2"));
        var yaml = await Succeeds($"get vmrestore restore-larry -n {Namespace} -o yaml --show-managed-fields");

        Assert.Equal("virtualmachinerestore.snapshot.kubevirt.io/restore-larry serverside-applied\n", first.Output);
        Assert.Equal("virtualmachinerestore.snapshot.kubevirt.io/restore-larry serverside-applied\n", second.Output);
        Assert.Contains("virtualMachineSnapshotName: snap-larry-2", yaml.Output);
        Assert.Contains("manager: kubectl", yaml.Output);
        Assert.Contains("operation: Apply", yaml.Output);
    }

    [SkippableFact]
    public async Task Explain_VmSnapshotSpec_DescribesTheFields()
    {
        _fixture.SkipIfUnavailable();

        var result = await Succeeds("explain vmsnapshot.spec");

        Assert.Contains("KIND:       VirtualMachineSnapshot", result.Output);
        Assert.Contains("FIELDS:", result.Output);
        Assert.Contains("source\t<Object> -required-", result.Output);
        Assert.Contains("failureDeadline", result.Output);
    }

    [SkippableFact]
    public async Task Create_EventsV1EventWithoutEventTime_IsInvalidUntilItHasOne()
    {
        _fixture.SkipIfUnavailable();
        var eventYaml = $"""
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata:
              name: snap-larry.started
            regarding:
              apiVersion: snapshot.kubevirt.io/v1beta1
              kind: VirtualMachineSnapshot
              name: snap-larry
              namespace: {Namespace}
            reason: SnapshotStarted
            action: Snapshot
            note: Snapshot started
            type: Normal
            reportingController: harness.example.com/snapshotter
            reportingInstance: snapshotter-0
            """;

        var rejected = await Kubectl.RunAsync($"create -n {Namespace} -f -", eventYaml);
        var created = await Succeeds($"create -n {Namespace} -f -", eventYaml + "\neventTime: \"2026-01-02T03:04:05.000000Z\"\n");

        Assert.Equal((1, "The Event \"snap-larry.started\" is invalid: eventTime: Required value\n"), (rejected.ExitCode, rejected.Error));
        Assert.Equal("event.events.k8s.io/snap-larry.started created\n", created.Output);
        Assert.Equal(["snap-larry.started"], (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Select(e => e.Metadata.Name));
    }

    [SkippableFact]
    public async Task Patch_JsonPatchWithUnknownOperationKey_WarnsAndPatches()
    {
        _fixture.SkipIfUnavailable();
        await Succeeds($"create -n {Namespace} -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"0\"\n");

        var result = await Kubectl.RunAsync(
            ["patch", "configmap", "settings", "-n", Namespace, "--type", "json", "-o", "jsonpath={.data}",
             "-p", """[{"op":"replace","path":"/data/a","value":"1","note":"x"},{"op":"add","path":"/data/b","path":"/data/c","value":"2"}]"""]);
        var notAList = await Kubectl.RunAsync(["patch", "configmap", "settings", "-n", Namespace, "--type", "json", "-p", """{"op":"add"}"""]);

        // kubectl reads -p as YAML, so the repeated "path" reaches the server already resolved (the last wins).
        Assert.Equal(
            (0, "Warning: json patch unknown field \"[0].note\"\n", """{"a":"1","c":"2"}"""),
            (result.ExitCode, result.Error, result.Output));
        Assert.Equal(
            (1, "Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp\n"),
            (notAList.ExitCode, notAList.Error));
    }

    [SkippableFact]
    public async Task Delete_ScheduledPod_StaysTerminatingUntilForceDeleted()
    {
        _fixture.SkipIfUnavailable();
        const string PodYaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              nodeName: harness-node
              terminationGracePeriodSeconds: 600
              containers:
              - name: web
                image: nginx
            """;
        await Succeeds($"create -n {Namespace} -f -", PodYaml);

        var graceful = await Succeeds($"delete pod web -n {Namespace} --wait=false");
        var terminating = await Client.CoreV1.ReadNamespacedPodAsync("web", Namespace);
        var forced = await Kubectl.RunAsync($"delete pod web -n {Namespace} --grace-period=0 --force");

        Assert.Equal("pod \"web\" deleted\n", graceful.Output);
        Assert.Equal(600, terminating.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal((0, "pod \"web\" force deleted\n"), (forced.ExitCode, forced.Output));
        Assert.StartsWith("Warning: Immediate deletion does not wait for confirmation", forced.Error);
        Assert.DoesNotContain((await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items, p => p.Metadata.Name == "web");
    }

    [SkippableFact]
    public async Task GetWatch_VmSnapshot_PrintsARowPerChange()
    {
        _fixture.SkipIfUnavailable();
        await Succeeds($"apply -n {Namespace} -f -", SeedManifests.Snapshot);
        using var watch = Kubectl.Start($"get vmsnapshot -n {Namespace} -w");
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var header = await watch.StandardOutput.ReadLineAsync(bounded.Token);
            var initial = await watch.StandardOutput.ReadLineAsync(bounded.Token);
            await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch("""{"status":{"phase":"Succeeded","readyToUse":true}}""", V1Patch.PatchType.MergePatch),
                "snapshot.kubevirt.io", "v1beta1", Namespace, "virtualmachinesnapshots", "snap-larry");
            var changed = await watch.StandardOutput.ReadLineAsync(bounded.Token);

            Assert.Equal(["NAME", "SOURCEKIND", "SOURCENAME", "PHASE", "READYTOUSE", "CREATIONTIME", "ERROR"], Columns(header));
            Assert.Equal(["snap-larry", "VirtualMachine", "larry"], Columns(initial));
            Assert.Equal(["snap-larry", "VirtualMachine", "larry", "Succeeded", "true"], Columns(changed));
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static string[] Columns(string? line) => (line ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private async Task<KubectlResult> Succeeds(string arguments, string? standardInput = null)
    {
        var result = await Kubectl.RunAsync(arguments, standardInput);
        Assert.True(result.ExitCode == 0 && result.Error.Length == 0, $"kubectl {arguments}\n{result}");
        return result;
    }

    private async Task<JsonNode> ReadSnapshotAsync(string name)
    {
        var item = await Client.CustomObjects.GetNamespacedCustomObjectAsync(
            "snapshot.kubevirt.io", "v1beta1", Namespace, "virtualmachinesnapshots", name);
        return JsonNode.Parse(KubernetesJson.Serialize(item))!;
    }

    private async Task AssertNoSnapshotsAsync()
    {
        var list = await Client.CustomObjects.ListNamespacedCustomObjectAsync(
            "snapshot.kubevirt.io", "v1beta1", Namespace, "virtualmachinesnapshots");
        var items = JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray();
        Assert.Empty(items);
    }

    private async Task EnsureKubeVirtObjectAsync()
    {
        try
        {
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "kubevirt" } });
        }
        catch (HttpOperationException exists) when (exists.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Another test made it.
        }

        try
        {
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
                JsonNode.Parse("""{"apiVersion":"kubevirt.io/v1","kind":"KubeVirt","metadata":{"name":"kubevirt","namespace":"kubevirt"},"spec":{}}"""),
                "kubevirt.io",
                "v1",
                "kubevirt",
                "kubevirts");
        }
        catch (HttpOperationException exists) when (exists.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Another test made it.
        }
    }
}
