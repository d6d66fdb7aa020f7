using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.InProcess;
using k8s;

namespace Harness.Benchmarks;

/// <summary>Create + update of 2 KiB custom objects by 8 concurrent KubernetesClient clients, in-process or over HTTPS.</summary>
internal static class ClientWriteBenchmark
{
    private const int Clients = 8;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(bool https)
    {
        await using var server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, RunControllers = false });
        await BenchmarkObjects.InstallSnapshotCrdAsync(server);
        TestEnvironment? environment = null;
        try
        {
            Func<IKubernetes> connect;
            if (https)
            {
                environment = new TestEnvironment(new TestEnvironmentOptions
                {
                    TimeProvider = TimeProvider.System,
                    TaskFactory = Task.Factory,
                    Backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Handler = server, Random = new Random(2) }),
                    CrdInstallOptions = new CrdInstallOptions { Crds = [] },
                });
                var config = await environment.StartAsync();
                connect = () => new Kubernetes(config);
            }
            else
            {
                connect = () => new Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.in-process" }, new ApiServerMessageHandler(server));
            }

            var clients = Enumerable.Range(0, Clients).Select(_ => connect()).ToArray();
            var rounds = await JitWarmUp.UntilSettledAsync(round => WriteAsync(clients, $"warm{round}", TimeSpan.FromSeconds(1)));
            var cpu = Report.CpuTime();
            var writes = await WriteAsync(clients, "run", Duration);
            cpu = Report.CpuTime() - cpu;
            var rate = writes / Duration.TotalSeconds;
            if (https)
            {
                Report.Line("writes over HTTPS, 8 KubernetesClient clients", rate, "writes/s", ">= 5,000/s", rate >= 5_000);
            }
            else
            {
                Report.Line("writes in-process, 8 KubernetesClient clients", rate, "writes/s", ">= 50,000/s", rate >= 50_000);
            }

            Report.Throughput(writes, Duration, cpu);
            Report.Note($"warm-up: {rounds} s until the JIT compiled nothing new for a second");
        }
        finally
        {
            if (environment is not null)
            {
                await environment.DisposeAsync();
            }
        }
    }

    private static async Task<long> WriteAsync(IKubernetes[] clients, string prefix, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        var counts = await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            long writes = 0;
            for (var i = 0; stop.Elapsed < duration; i++)
            {
                var name = $"{prefix}-{c}-{i}";
                var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
                    BenchmarkObjects.Snapshot(name), BenchmarkObjects.Group, BenchmarkObjects.Version, BenchmarkObjects.Namespace, BenchmarkObjects.Plural);
                var obj = JsonNode.Parse(created.GetRawText())!.AsObject();
                obj["metadata"]!["annotations"]!["bench.harness/generation"] = "1";
                await client.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonElement>(
                    obj, BenchmarkObjects.Group, BenchmarkObjects.Version, BenchmarkObjects.Namespace, BenchmarkObjects.Plural, name);
                writes += 2;
            }

            return writes;
        })));
        return counts.Sum();
    }
}
