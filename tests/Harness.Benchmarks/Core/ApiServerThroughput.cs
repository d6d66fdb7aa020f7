using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.EnvTest.Core;
using Harness.EnvTest.Requests;

namespace Harness.Benchmarks.Core;

/// <summary>
/// In-process throughput and memory of the API server core: creates and updates of a 2 KiB custom object
/// through <see cref="IApiHandler"/> from 8 concurrent clients, then the resident set with 10,000 objects stored.
/// </summary>
internal static class ApiServerThroughput
{
    private const int Clients = 8;

    public static async Task<int> RunAsync()
    {
        await using var server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, RunControllers = false });
        await SendAsync(server, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", CrdJson());
        const int perClient = 1250;
        await WriteAsync(server, "warmup", 200);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => WriteAsync(server, "w-" + c.ToString(CultureInfo.InvariantCulture), perClient))));
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var writes = Clients * perClient * 2;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var resident = Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024.0);
        var managed = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process writes (create+update, 2 KiB custom object, {Clients} clients): {writes / stopwatch.Elapsed.TotalSeconds:F0}/s ({writes} writes in {stopwatch.Elapsed.TotalMilliseconds:F0} ms); per CPU-second: {writes / cpu.TotalSeconds:F0}; allocated per write: {allocated / 1024.0 / writes:F0} KiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory with {Clients * perClient} objects stored: {resident:F0} MiB resident, {managed:F0} MiB managed heap"));
        return 0;
    }

    private static async Task WriteAsync(ApiServer server, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var name = prefix + "-" + i.ToString(CultureInfo.InvariantCulture);
            var created = await SendAsync(server, "POST", "/apis/bench.example.com/v1/namespaces/default/widgets", WidgetJson(name, null, i));
            await SendAsync(server, "PUT", "/apis/bench.example.com/v1/namespaces/default/widgets/" + name, WidgetJson(name, ResourceVersion(created), i + 1));
        }
    }

    private static string ResourceVersion(byte[] json)
    {
        var marker = "\"resourceVersion\":\""u8;
        var start = json.AsSpan().IndexOf(marker) + marker.Length;
        var length = json.AsSpan(start).IndexOf((byte)'"');
        return Encoding.UTF8.GetString(json, start, length);
    }

    private static async Task<byte[]> SendAsync(ApiServer server, string method, string path, string body)
    {
        var response = (BufferedApiResponse)await server.HandleAsync(new ApiRequest
        {
            Method = method,
            Path = path,
            ContentType = "application/json",
            Body = Encoding.UTF8.GetBytes(body),
        }, CancellationToken.None);
        return response.StatusCode < 300 ? response.Body.ToArray() : throw new InvalidOperationException(Encoding.UTF8.GetString(response.Body.Span));
    }

    private static readonly string Payload = new('x', 1900);

    private static string WidgetJson(string name, string? resourceVersion, int generation) =>
        "{\"apiVersion\":\"bench.example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"bench\"}"
        + (resourceVersion is null ? string.Empty : ",\"resourceVersion\":\"" + resourceVersion + "\"")
        + "},\"spec\":{\"generation\":" + generation.ToString(CultureInfo.InvariantCulture) + ",\"payload\":\"" + Payload + "\"}}";

    private static string CrdJson() => """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.bench.example.com"},
         "spec":{"group":"bench.example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
         "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
           "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"generation":{"type":"integer"},"payload":{"type":"string","maxLength":4096}}},"status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
        """;
}
