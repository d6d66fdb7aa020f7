using System.Net.Http.Headers;
using System.Text;
using Harness.Api.KubeVirt;
using Harness.EnvTest.Admission;
using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Storage;
using Harness.Simulators.GuestAgent;
using k8s;

namespace Harness.Controller.Tests.World;

/// <summary>
/// The live backend: one test's namespace on a <see cref="LiveCluster"/> beside the real kube-apiserver and etcd
/// (<see cref="LiveWorldFixture"/>), over HTTPS, in real time. The CSI driver is a process: its backend is read from a
/// copy of its state file; running guests' journals from their published disk files.
/// </summary>
internal sealed class LiveWorldBackend(IKubernetes client, LiveCluster live, string @namespace) : IWorldBackend, IAsyncDisposable
{
    private readonly List<DirectoryInfo> copies = [];
    private readonly List<NamespacedWebhook> webhooks = [];

    public Kubernetes Client { get; } = (Kubernetes)client;

    public string Namespace { get; } = @namespace;

    public TimeProvider Time => TimeProvider.System;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(100);

    public TimeSpan DefaultWait => TimeSpan.FromSeconds(90);

    public string Clock => "real time";

    public HarnessCluster Cluster => live.Cluster;

    public DomainEventLog Events => live.Cluster.Events;

    /// <summary>A copy of the driver process's last saved state (saved before it answers each call), opened as a store.</summary>
    public VolumeStore Storage()
    {
        var copy = Directory.CreateTempSubdirectory("harness-world-csi-");
        copies.Add(copy);
        foreach (var file in Directory.EnumerateFiles(live.DriverStateDirectory).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
        }

        return new VolumeStore(new CsiDriverSimulatorOptions
        {
            DriverName = CsiConstants.DefaultDriverName,
            StateDirectory = copy.FullName,
            Runtime = new ComponentRuntime { Time = Time, Tasks = Task.Factory, Seed = new SimulationSeed(0) },
        });
    }

    public async Task<long?> JournalPositionAsync(string vmi)
    {
        var instance = ControllerWorld.Convert<VirtualMachineInstance>(
            await Client.CustomObjects.GetNamespacedCustomObjectAsync(KubeVirtApi.Group, KubeVirtApi.Version, Namespace, KubeVirtApi.VirtualMachineInstancePlural, vmi));
        var folder = Path.Combine(live.PublishedDisks, instance.Metadata.Uid);
        var paths = (instance.Spec.Volumes ?? []).Select(v => Path.Combine(folder, v.Name + ".img")).Where(File.Exists).ToList();
        if (paths.Count == 0)
        {
            return null;
        }

        var disks = paths.Select(path => FileGuestDisk.Open(path, sizeIfMissing: 1)).ToList();
        try
        {
            return (await JournalChecker.CheckAsync(disks)).LastCommitted;
        }
        finally
        {
            disks.ForEach(d => d.Dispose());
        }
    }

    public async Task<int> PutAsync(string path, string body)
    {
        var text = Client.BaseUri.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), path.TrimStart('/')))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        await Client.Credentials!.ProcessHttpRequestAsync(request, CancellationToken.None);
        using var response = await Client.HttpClient.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>Served over HTTPS and registered for this namespace only (<see cref="NamespacedWebhook"/>) until the case ends.</summary>
    public async Task RegisterValidatingAdmissionAsync(string name, IReadOnlyList<AdmissionRule> rules, IAdmissionHandler handler) =>
        webhooks.Add(await NamespacedWebhook.StartAsync(Client, Namespace, name, rules, handler));

    /// <summary>The controller process's log lines that report errors, the last ten.</summary>
    public string DescribeControllerErrors()
    {
        if (live.ControllerLog is not { } log || !File.Exists(log))
        {
            return "(no controller log)";
        }

        using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = reader.ReadToEnd().Split('\n');
        return string.Join("\n", lines.Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("error", StringComparison.OrdinalIgnoreCase)).TakeLast(10));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var webhook in webhooks)
        {
            await webhook.DisposeAsync();
        }

        copies.ForEach(c => c.Delete(recursive: true));
    }
}
