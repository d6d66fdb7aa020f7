using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Environment;
using k8s;
using k8s.Models;

namespace Harness.Benchmarks.Http;

/// <summary>
/// The embedded API server over HTTPS: cold start to a ready server with the harness CRDs Established, and
/// creates + updates of a 2 KiB custom object from 8 concurrent HTTPS clients (one connection each).
/// </summary>
internal static class HttpsWriteThroughput
{
    private const int Clients = 8;
    private const int PerClient = 1000;
    private const string Widgets = "/apis/bench.example.com/v1/namespaces/default/widgets";

    public static async Task<int> RunAsync()
    {
        await MeasureColdStartAsync();
        await MeasureWritesAsync();
        return 0;
    }

    private static async Task MeasureColdStartAsync()
    {
        var samples = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            await using var environment = new TestEnvironment(new TestEnvironmentOptions { EnvironmentVariable = _ => null });
            await environment.StartAsync();
            using var client = BearerTokenHttpClient.Create(environment.Configuration, TimeSpan.FromSeconds(100));
            using var ready = await client.GetAsync("/readyz");
            ready.EnsureSuccessStatusCode();
            stopwatch.Stop();
            if (run > 0)
            {
                samples.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }

        samples.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold start to /readyz with {CrdInstallOptions.HarnessCrds().Count} CRDs Established: median {samples[samples.Count / 2]:F0} ms (min {samples[0]:F0}, max {samples[^1]:F0})"));
    }

    private static async Task MeasureWritesAsync()
    {
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            EnvironmentVariable = _ => null,
            CrdInstallOptions = new CrdInstallOptions { Crds = [KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdJson)] },
        });
        await environment.StartAsync();
        var clients = Enumerable.Range(0, Clients).Select(_ => BearerTokenHttpClient.Create(environment.Configuration, TimeSpan.FromSeconds(100))).ToArray();
        await Task.WhenAll(clients.Select((client, c) => WriteAsync(client, $"warm-{c}", 50)));

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((client, c) => WriteAsync(client, $"w-{c}", PerClient)));
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        const int writes = Clients * PerClient * 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"HTTPS writes (create+update, 2 KiB custom object, {Clients} clients, HTTP/1.1 + TLS): {writes / stopwatch.Elapsed.TotalSeconds:F0}/s ({writes} writes in {stopwatch.Elapsed.TotalMilliseconds:F0} ms); per CPU-second (server and clients in this process): {writes / cpu.TotalSeconds:F0}; {Environment.ProcessorCount} cores"));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static async Task WriteAsync(HttpClient client, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}-{i}";
            var created = await SendAsync(client, HttpMethod.Post, Widgets, WidgetJson(name, null, i));
            var resourceVersion = JsonNode.Parse(created)!["metadata"]!["resourceVersion"]!.GetValue<string>();
            await SendAsync(client, HttpMethod.Put, $"{Widgets}/{name}", WidgetJson(name, resourceVersion, i + 1));
        }
    }

    private static async Task<byte[]> SendAsync(HttpClient client, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode ? bytes : throw new InvalidOperationException(Encoding.UTF8.GetString(bytes));
    }

    private static string WidgetJson(string name, string? resourceVersion, int generation)
    {
        var metadata = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "bench" } };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        var spec = new JsonObject { ["generation"] = generation, ["payload"] = new string('x', 1900) };
        return new JsonObject { ["apiVersion"] = "bench.example.com/v1", ["kind"] = "Widget", ["metadata"] = metadata, ["spec"] = spec }.ToJsonString();
    }

    private const string CrdJson = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.bench.example.com"},
         "spec":{"group":"bench.example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
         "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
           "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"generation":{"type":"integer"},"payload":{"type":"string","maxLength":4096}}},"status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
        """;
}
