using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt;
using Harness.Simulators.KubeVirt.Instances;
using Harness.Simulators.Tests.Backends;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// One test's KubeVirt world (started by <see cref="KubeVirtWorlds"/>): an API server with the KubeVirt, CDI and snapshot
/// CRDs, the KubeVirt simulator in-process beside it (its subresource API served as an aggregated API, its VM rules as
/// validating admission) and in-process guest agents. On <see cref="Backend.Embedded"/> the API server is an embedded one
/// of the test's own on a fake clock the test advances; on <see cref="Backend.Binary"/> it is the collection's real
/// kube-apiserver, in real time, and the test works in a namespace of its own.
/// </summary>
internal sealed class KubeVirtWorld : IAsyncDisposable
{
    private readonly TimeProvider time;
    private readonly IKubernetes simulatorClient;
    private readonly Func<ValueTask> stop;

    internal KubeVirtWorld(Backend backend, string @namespace, TimeProvider time, Kubernetes client, IKubernetes simulatorClient, Func<ValueTask> stop)
    {
        Backend = backend;
        Namespace = @namespace;
        this.time = time;
        Client = client;
        this.simulatorClient = simulatorClient;
        this.stop = stop;
    }

    /// <summary>Reconcile errors of every world, for failure messages.</summary>
    public static ConcurrentQueue<string> Errors { get; } = new();

    public Backend Backend { get; }

    /// <summary>The namespace the test works in.</summary>
    public string Namespace { get; }

    /// <summary>The embedded world's fake clock; a test that advances it runs only embedded (<c>[Trait("EmbeddedOnly", why)]</c>).</summary>
    public FakeTimeProvider Time => time as FakeTimeProvider
        ?? throw new InvalidOperationException("only the embedded world runs on a fake clock; a test that advances time is EmbeddedOnly");

    public Kubernetes Client { get; }

    public KubeVirtSimulator Simulator { get; internal set; } = null!;

    /// <summary>The in-process agents started so far in this world's namespace, by VMI name (the latest boot wins).</summary>
    public ConcurrentDictionary<string, GuestAgentServer> Agents { get; } = new();

    /// <summary>virt-launcher's answers to the freeze and unfreeze requests of the VMIs in this world's namespace, in order.</summary>
    public ConcurrentQueue<FreezeAnswer> FreezeAnswers { get; } = new();

    /// <summary>Sends a request through the API server with the test's credentials, as <c>kubectl ... --raw</c> does.</summary>
    public async Task<(int Status, JsonObject? Body)> RawAsync(string method, string path, string? body = null)
    {
        var (status, content) = await RawRequests.SendAsync(Client, method, path, body);
        return (status, content.Length == 0 ? null : JsonNode.Parse(content) as JsonObject);
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

    /// <summary>
    /// Lets <paramref name="duration"/> pass: the embedded world advances its fake clock, the real one waits it out. For
    /// the few seconds a simulated step takes (a DataVolume's population), not for minutes.
    /// </summary>
    public Task PassAsync(TimeSpan duration)
    {
        if (time is FakeTimeProvider fake)
        {
            fake.Advance(duration);
            return Task.CompletedTask;
        }

        return Task.Delay(duration, time);
    }

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
        await stop();
        if (simulatorClient != Client)
        {
            simulatorClient.Dispose();
        }
    }
}
