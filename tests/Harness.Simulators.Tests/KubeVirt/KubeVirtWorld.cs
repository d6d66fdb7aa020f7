using Harness.Runtime;
using Harness.Runtime.Randomness;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Cluster;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt;
using Harness.Simulators.KubeVirt.Admission;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.Subresources;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// The embedded API server with the KubeVirt, CDI and snapshot CRDs, the KubeVirt simulator wired to it
/// in-process (its subresource API as an aggregated API, its VM rules as validating admission), in-process
/// guest agents, and a fake clock the test advances.
/// </summary>
internal sealed class KubeVirtWorld : IAsyncDisposable
{
    public const string Namespace = "default";
    private static readonly string[] CrdFiles =
    [
        "virtualmachines.kubevirt.io.yaml", "virtualmachineinstances.kubevirt.io.yaml", "kubevirts.kubevirt.io.yaml",
        "datavolumes.cdi.kubevirt.io.yaml", "storageprofiles.cdi.kubevirt.io.yaml",
        "volumesnapshotclasses.snapshot.storage.k8s.io.yaml",
    ];

    private readonly IKubernetes simulatorClient;

    private KubeVirtWorld(FakeTimeProvider time, ApiServer server, IKubernetes client, IKubernetes simulatorClient)
    {
        Time = time;
        Server = server;
        Client = client;
        this.simulatorClient = simulatorClient;
    }

    /// <summary>Reconcile errors of every world, for failure messages.</summary>
    public static ConcurrentQueue<string> Errors { get; } = new();

    public FakeTimeProvider Time { get; }

    public ApiServer Server { get; }

    public IKubernetes Client { get; }

    public KubeVirtSimulator Simulator { get; private set; } = null!;

    /// <summary>The in-process agents started so far, by VMI name (the latest boot wins).</summary>
    public ConcurrentDictionary<string, GuestAgentServer> Agents { get; } = new();

    /// <summary>
    /// Starts a world; <paramref name="simulatorTransport"/> puts a handler between the simulator's client and the
    /// API server (the test's own <see cref="Client"/> talks to the server directly).
    /// </summary>
    public static async Task<KubeVirtWorld> StartAsync(
        IReadOnlyList<string>? featureGates = null, IGuestAgentConnector? connector = null, Func<IApiHandler, IApiHandler>? simulatorTransport = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var server = new ApiServer(new ApiServerOptions { TaskFactory = Task.Factory, TimeProvider = time, Seed = 7, RunControllers = true });
        var client = server.CreateClient();
        var world = new KubeVirtWorld(
            time,
            server,
            client,
            simulatorTransport is null
                ? client
                : new Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.in-process" }, new ApiServerMessageHandler(simulatorTransport(server))));
        foreach (var file in CrdFiles)
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "envtest", "crds", file)));
            await world.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }

        var options = new KubeVirtSimulatorOptions
        {
            Runtime = new ComponentRuntime { Time = time, Tasks = Task.Factory, Seed = new SimulationSeed(11) },
            GuestAgentConnector = connector ?? new InProcessGuestAgentConnector(time, Task.Factory, launch =>
            {
                var agent = new GuestAgentServer(
                    new Guest([], time, launch.Faults.ThawLimit),
                    new GuestAgentSimulatorOptions { Faults = launch.Faults },
                    time,
                    new Random(launch.Seed));
                world.Agents[launch.Instance.Name] = agent;
                return agent;
            }),
            FeatureGates = featureGates ?? ["Snapshot", "HotplugVolumes"],
            OnReconcileError = (key, error) => Errors.Enqueue($"{key}: {error}"),
        };
        world.Simulator = new KubeVirtSimulator(world.simulatorClient, options);
        server.RegisterAggregatedApi(SubresourceApi.Group, SubresourceApi.Version, new SubresourceApiHandler(world.Simulator.Subresources), SubresourceApi.ApiResources);
        server.RegisterValidatingAdmission(VirtualMachineAdmission.WebhookName, VirtualMachineAdmissionHandler.Rules, new VirtualMachineAdmissionHandler(world.Simulator.Admission));
        await world.Simulator.StartAsync();
        return world;
    }

    /// <summary>Sends a request through the API server, as <c>kubectl ... --raw</c> does.</summary>
    public async Task<(int Status, JsonObject? Body)> RawAsync(string method, string path, string? body = null)
    {
        var response = await Server.HandleAsync(
            new ApiRequest
            {
                Method = method,
                Path = path,
                ContentType = "application/json",
                Body = body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(body),
            },
            CancellationToken.None);
        var buffered = Assert.IsType<BufferedApiResponse>(response);
        return (buffered.StatusCode, buffered.Body.IsEmpty ? null : JsonNode.Parse(buffered.Body.Span) as JsonObject);
    }

    public Task<(int Status, JsonObject? Body)> VmiAsync(string name, string action, string? body = null)
        => RawAsync("PUT", $"/apis/subresources.kubevirt.io/v1/namespaces/{Namespace}/virtualmachineinstances/{name}/{action}", body);

    public Task<(int Status, JsonObject? Body)> VmAsync(string name, string action, string? body = null)
        => RawAsync("PUT", $"/apis/subresources.kubevirt.io/v1/namespaces/{Namespace}/virtualmachines/{name}/{action}", body);

    public async Task<JsonObject> CreateAsync(string group, string version, string plural, JsonObject body)
    {
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(body, group, version, Namespace, plural);
        return created;
    }

    public Task<JsonObject> CreateVmAsync(JsonObject vm) => CreateAsync("kubevirt.io", "v1", "virtualmachines", vm);

    public async Task<JsonObject?> GetAsync(string group, string version, string plural, string name)
    {
        try
        {
            return await Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(group, version, Namespace, plural, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<JsonObject?> VmAsync(string name) => GetAsync("kubevirt.io", "v1", "virtualmachines", name);

    public Task<JsonObject?> VmiAsync(string name) => GetAsync("kubevirt.io", "v1", "virtualmachineinstances", name);

    public Task<JsonObject?> DataVolumeAsync(string name) => GetAsync("cdi.kubevirt.io", "v1beta1", "datavolumes", name);

    /// <summary>Waits (at most 20 s of wall-clock time) until <paramref name="condition"/> holds for what <paramref name="read"/> returns.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read, Func<T?, bool> condition, string what)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value!;
            }

            try
            {
                await Task.Delay(10, guard.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out waiting for {what}; last seen: {JsonSerializer.Serialize(value)}; reconcile errors: {string.Join("\n", Errors.Take(5))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        if (simulatorClient != Client)
        {
            simulatorClient.Dispose();
        }

        Client.Dispose();
        await Server.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Harness.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Harness.sln not found above the test binaries");
    }
}
