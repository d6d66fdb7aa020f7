using System.Text;
using System.Text.Json;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Requests;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Faults.Api;
using Harness.Scenarios.Simulation.Scheduling;
using k8s;

namespace Harness.Scenarios.Tests.Faults;

/// <summary>Each watch fault does to a stream of watch frames what it says, and a 410 reaches KubernetesClient as kube sends it.</summary>
public sealed class WatchFaultTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    [Theory]
    [InlineData(ApiFaultKind.WatchClosed, "BOOKMARK a")]
    [InlineData(ApiFaultKind.WatchExpired, "BOOKMARK a ERROR:410:Expired")]
    [InlineData(ApiFaultKind.WatchDuplicated, "BOOKMARK a b b c")]
    [InlineData(ApiFaultKind.WatchDropped, "BOOKMARK a ERROR:410:Expired")]
    [InlineData(ApiFaultKind.WatchDelayed, "BOOKMARK a b@20s c@20s")]
    public void Apply_FaultAtTheSecondEvent_DoesWhatItSays(ApiFaultKind kind, string expected)
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        var start = scheduler.TimeProvider.GetUtcNow();
        var records = new List<string>();
        var seen = new List<string>();
        scheduler.Run(async () =>
        {
            await foreach (var frame in FaultyWatch.Apply(Frames(), AtSecondEvent(new WatchFault(kind, TimeSpan.FromSeconds(20))), scheduler.TimeProvider, records.Add))
            {
                var at = scheduler.TimeProvider.GetUtcNow() - start;
                seen.Add(Describe(frame) + (at > TimeSpan.Zero ? $"@{at.TotalSeconds:0}s" : ""));
            }
        });

        Assert.Equal(expected, string.Join(' ', seen));
        Assert.NotEmpty(records);
    }

    [Fact]
    public async Task Expired_ReachesKubernetesClient_AsAnErrorEventWithThe410Status()
    {
        var client = new Kubernetes(
            new KubernetesClientConfiguration { Host = "http://apiserver.in-process" },
            new ApiServerMessageHandler(new FixedAnswer(new StreamingApiResponse("application/json", FaultyWatch.Apply(Frames(), AtSecondEvent(new WatchFault(ApiFaultKind.WatchExpired, TimeSpan.Zero)), TimeProvider.System, _ => { })))));
        var events = new List<string>();
        var errors = new List<Exception>();

        await foreach (var (type, map) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", onError: errors.Add))
        {
            events.Add($"{type} {map?.Metadata?.Name}");
        }

        Assert.Equal(["Bookmark a", "Added a"], events);
        var status = Assert.IsType<KubernetesException>(Assert.Single(errors)).Status;
        Assert.Equal((410, "Expired", "Failure"), (status.Code, status.Reason, status.Status));
        Assert.Equal("The resourceVersion for the provided watch is too old.", status.Message);
    }

    private static Func<WatchFault?> AtSecondEvent(WatchFault fault)
    {
        var events = 0;
        return () => events++ == 1 ? fault : null;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Frames()
    {
        await Task.CompletedTask;
        yield return Frame("BOOKMARK", "a", 1);
        for (var i = 0; i < Names.Length; i++)
        {
            yield return Frame("ADDED", Names[i], i + 2);
        }
    }

    private static ReadOnlyMemory<byte> Frame(string type, string name, int version) => Encoding.UTF8.GetBytes(
        $$$$"""{"type":"{{{{type}}}}","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"{{{{name}}}}","namespace":"default","resourceVersion":"{{{{version}}}}"}}}""" + "\n");

    private static string Describe(ReadOnlyMemory<byte> frame)
    {
        using var json = JsonDocument.Parse(frame);
        var type = json.RootElement.GetProperty("type").GetString();
        var obj = json.RootElement.GetProperty("object");
        return type switch
        {
            "ERROR" => $"ERROR:{obj.GetProperty("code").GetInt32()}:{obj.GetProperty("reason").GetString()}",
            "BOOKMARK" => "BOOKMARK",
            _ => obj.GetProperty("metadata").GetProperty("name").GetString()!,
        };
    }
}
