using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Http;
using Harness.EnvTest.Loading;
using Harness.EnvTest.Security;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Tests.Cluster;

namespace Harness.Scenarios.Tests.Reproducing;

/// <summary>
/// The maintainer's recipe end to end: in a <c>harness up</c> cluster (embedded server, simulators, controller process)
/// a webhook denies VolumeSnapshot creation, so larry's online snapshot is stuck; <c>kubectl get ... -A -o yaml</c> dumps
/// it; a fresh <c>harness up --load</c> holds the same uids and statuses (and larry's guest, adopted, answers frozen);
/// <c>harness reproduce</c> shows the snapshot stuck the same way, twice alike; a must-gather-shaped folder of the same
/// objects loads the same objects and reproduces the same.
/// </summary>
public sealed class StuckSnapshotDumpTests : IDisposable
{
    private const string Kinds = "vm,vmi,vmsnapshot,vmsnapshotcontent,vmrestore,volumesnapshot,volumesnapshotcontent,pvc,pv,datavolume,storageclass,volumesnapshotclass";
    private readonly Dumps dumps = new();

    public void Dispose() => dumps.Dispose();

    [Fact]
    public async Task DumpOfStuckSnapshot_LoadsWithSameUidsAndStatuses_AndReproducesTheSameStuckCondition()
    {
        var (dump, webhook) = await DumpStuckSessionAsync();
        var dumped = Index(ObjectDump.Read([dump]));
        Assert.Equal("InProgress", dumped["VirtualMachineSnapshot default/snap-larry"]["status"]!["phase"]!.GetValue<string>());

        var loaded = Index(ObjectDump.Read([await DumpFreshUpAsync(dump, webhook)]));
        Assert.Equal(dumped.Keys.Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, obj) in dumped)
        {
            Assert.Equal(obj["metadata"]!["uid"]!.GetValue<string>(), loaded[key]["metadata"]!["uid"]!.GetValue<string>());
            Assert.Equal(obj["metadata"]!["creationTimestamp"]!.GetValue<string>(), loaded[key]["metadata"]!["creationTimestamp"]!.GetValue<string>());
            if (!key.StartsWith("VirtualMachine", StringComparison.Ordinal) || key.StartsWith("VirtualMachineSnapshot", StringComparison.Ordinal))
            {
                Assert.True(JsonNode.DeepEquals(obj["status"], loaded[key]["status"]), $"{key}: {obj["status"]} != {loaded[key]["status"]}");
            }
        }

        var (exitCode, output, _) = await ReproduceCommandTests.RunAsync("reproduce", dump, webhook);
        Assert.Equal(0, exitCode);
        var unfinished = Unfinished(output);
        Assert.StartsWith("VirtualMachineSnapshot default/snap-larry: phase InProgress\n", unfinished, StringComparison.Ordinal);
        foreach (var condition in dumped["VirtualMachineSnapshot default/snap-larry"]["status"]!["conditions"]!.AsArray())
        {
            Assert.Contains($"  condition {condition!["type"]}={condition["status"]} reason \"{condition["reason"]}\"", unfinished, StringComparison.Ordinal);
        }

        Assert.Contains("failed calling webhook \\\"deny-volumesnapshots.example.com\\\"", unfinished.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("guest/default/larry GuestFrozen guest/default/larry", output, StringComparison.Ordinal);
        Assert.Equal(output, (await ReproduceCommandTests.RunAsync("reproduce", dump, webhook)).Output);

        var mustGather = MustGather(ObjectDump.Read([dump]));
        Assert.Equal(
            ObjectDump.Read([dump]).Select(o => o.Object.ToJsonString()).Order(StringComparer.Ordinal),
            ObjectDump.Read([mustGather]).Select(o => o.Object.ToJsonString()).Order(StringComparer.Ordinal));
        Assert.Equal(unfinished, Unfinished((await ReproduceCommandTests.RunAsync("reproduce", mustGather, webhook)).Output));
    }

    /// <summary>A live session as <c>harness up</c> runs it, a webhook denying VolumeSnapshots, larry snapshotted; returns the dump and the webhook's configuration.</summary>
    private async Task<(string Dump, string Webhook)> DumpStuckSessionAsync()
    {
        using var authority = CertificateAuthority.Create("deny-ca", TimeProvider.System, new Random(7));
        using var serving = authority.IssueServingCertificate(["localhost"], [IPAddress.Loopback]);
        var deny = new DenyVolumeSnapshots();
        await using var webhookServer = await AdmissionWebhookServer.StartAsync(
            new Dictionary<string, IAdmissionHandler> { ["/validate/deny"] = deny }, serving, CancellationToken.None);
        await using var environment = await LiveFlow.StartEnvironmentAsync("embedded");
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System, new LiveClusterOptions { Controller = ControllerPlacement.Process });
        var kubectl = new Kubectl(environment.KubeconfigPath);
        var root = Examples();

        await kubectl.RunAsync("patch", "-n", "kubevirt", "kubevirt", "kubevirt", "--type", "merge", "-p", """{"spec": {"configuration": {"developerConfiguration": {"featureGates": ["Snapshot"]}}}}""");
        await kubectl.RunAsync("apply", "-f", Path.Combine(root, "larry-vm.yaml"));
        await kubectl.RunAsync("wait", "vm", "larry", "--for", "condition=AgentConnected", "--timeout=2m");
        await kubectl.RunAsync(["apply", "-f", "-"], WebhookConfiguration(webhookServer.Url, authority.CertificatePem));
        await kubectl.RunAsync(["apply", "-f", "-"], """
            apiVersion: snapshot.kubevirt.io/v1beta1
            kind: VirtualMachineSnapshot
            metadata: {name: snap-larry}
            spec:
              failureDeadline: 1h
              source: {apiGroup: kubevirt.io, kind: VirtualMachine, name: larry}
            """);
        using (var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (deny.Calls == 0 || await kubectl.RunAsync("get", "vmsnapshot", "snap-larry", "-o", "jsonpath={.status.phase}") != "InProgress")
            {
                await Task.Delay(200, bound.Token);
            }
        }

        var dump = dumps.Write("dump.yaml", await kubectl.RunAsync("get", Kinds, "-A", "-o", "yaml"));
        var webhook = dumps.Write("webhook.yaml", await kubectl.RunAsync("get", "validatingwebhookconfiguration", "deny-volumesnapshots", "-o", "yaml"));
        return (dump, webhook);
    }

    /// <summary>Runs <c>harness up --load</c> as a process with no controller and dumps what it serves once ready.</summary>
    private async Task<string> DumpFreshUpAsync(string dump, string webhook)
    {
        var kubeconfig = Path.Combine(dumps.Folder, "fresh-kubeconfig");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dumps.Folder };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "harness.dll"), "up", "--kubeconfig", kubeconfig, "--controller", "none", "--load", dump, webhook })
        {
            start.ArgumentList.Add(argument);
        }

        using var harness = Process.Start(start)!;
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            Assert.StartsWith("loaded ", await harness.StandardOutput.ReadLineAsync(bound.Token), StringComparison.Ordinal);
            Assert.Equal($"export KUBECONFIG={kubeconfig}", await harness.StandardOutput.ReadLineAsync(bound.Token));
            Assert.Equal("ready", await harness.StandardOutput.ReadLineAsync(bound.Token));
            var kubectl = new Kubectl(kubeconfig);
            var fresh = dumps.Write("fresh.yaml", await kubectl.RunAsync("get", Kinds, "-A", "-o", "yaml"));
            await kubectl.RunAsync("wait", "vmi", "larry", "--for", "jsonpath={.status.fsFreezeStatus}=frozen", "--timeout=60s");
            await kubectl.RunAsync("wait", "vm", "larry", "--for", "condition=AgentConnected", "--timeout=60s");
            using (var kill = Process.Start("kill", ["-TERM", harness.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(bound.Token);
            }

            await harness.WaitForExitAsync(bound.Token);
            Assert.Equal(0, harness.ExitCode);
            return fresh;
        }
        finally
        {
            if (!harness.HasExited)
            {
                harness.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The objects in must-gather's layout: <c>namespaces/NS/GROUP/RESOURCE.yaml</c> and <c>cluster-scoped-resources/GROUP/RESOURCE.yaml</c>, one List each.</summary>
    private string MustGather(IReadOnlyList<SourcedObject> objects)
    {
        foreach (var file in objects.GroupBy(o => Path.Combine(
            o.Object["metadata"]!["namespace"] is { } ns ? Path.Combine("namespaces", ns.GetValue<string>()) : "cluster-scoped-resources",
            o.Object["apiVersion"]!.GetValue<string>() is var apiVersion && apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion.Split('/')[0] : "core",
            Plural(o.Object["kind"]!.GetValue<string>()) + ".yaml")))
        {
            var list = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray([.. file.Select(o => o.Object.DeepClone())]) };
            dumps.Write(Path.Combine("must-gather", file.Key), list.ToJsonString());
        }

        return Path.Combine(dumps.Folder, "must-gather");
    }

    private static string Plural(string kind) => kind.ToLowerInvariant() + (kind.EndsWith('s') ? "es" : "s");

    private static Dictionary<string, JsonObject> Index(IReadOnlyList<SourcedObject> objects) =>
        objects.ToDictionary(o => $"{o.Object["kind"]} {(o.Object["metadata"]!["namespace"] is { } ns ? ns + "/" : "")}{o.Object["metadata"]!["name"]}", o => o.Object, StringComparer.Ordinal);

    private static string Unfinished(string output) => output[(output.IndexOf("--- unfinished\n", StringComparison.Ordinal) + "--- unfinished\n".Length)..];

    private static string WebhookConfiguration(Uri url, string caPem) => $$"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: deny-volumesnapshots}
        webhooks:
        - name: deny-volumesnapshots.example.com
          admissionReviewVersions: [v1]
          sideEffects: None
          failurePolicy: Fail
          clientConfig: {url: "{{url}}validate/deny", caBundle: {{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(caPem))}}}
          rules:
          - {apiGroups: [snapshot.storage.k8s.io], apiVersions: ["*"], operations: [CREATE], resources: [volumesnapshots]}
        """;

    private static string Examples()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "examples", "larry-vm.yaml")))
            {
                return Path.Combine(directory.FullName, "examples");
            }
        }

        throw new DirectoryNotFoundException($"examples/larry-vm.yaml not found above {AppContext.BaseDirectory}");
    }

    private sealed class DenyVolumeSnapshots : IAdmissionHandler
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(AdmissionResponse.Deny(request.Uid, "VolumeSnapshots are frozen by the storage team"));
        }
    }
}
