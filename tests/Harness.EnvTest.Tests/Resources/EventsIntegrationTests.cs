using System.Globalization;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Resources;

/// <summary>core/v1 and events.k8s.io/v1 Events are one storage seen through two APIs, with kube's field conversion.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventsIntegrationTests(ClusterFixture clusters)
{
    private static readonly DateTime First = new(2026, 1, 2, 3, 0, 0, DateTimeKind.Utc);

    private static Corev1Event CoreEvent(string name, string @namespace) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", NamespaceProperty = @namespace, Name = "web", Uid = "u-1", ApiVersion = "v1" },
        Reason = "Started",
        Message = "Started container web",
        Type = "Normal",
        Source = new V1EventSource { Component = "kubelet", Host = "node-1" },
        FirstTimestamp = First,
        LastTimestamp = First.AddMinutes(1),
        Count = 2,
        ReportingComponent = "kubelet",
        ReportingInstance = "node-1",
    };

    [SkippableTheory, Backends]
    public async Task CoreEvent_ReadThroughEventsV1_IsConverted(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.CoreV1.CreateNamespacedEventAsync(CoreEvent("e1", cluster.Namespace), cluster.Namespace);

        var read = await cluster.Client.EventsV1.ReadNamespacedEventAsync("e1", cluster.Namespace);

        Assert.Equal(("events.k8s.io/v1", created.Metadata.Uid, created.Metadata.ResourceVersion), (read.ApiVersion, read.Metadata.Uid, read.Metadata.ResourceVersion));
        Assert.Equal(("Started container web", "Started", "Normal"), (read.Note, read.Reason, read.Type));
        Assert.Equal(("Pod", "web", "u-1"), (read.Regarding.Kind, read.Regarding.Name, read.Regarding.Uid));
        Assert.Equal(("kubelet", "node-1"), (read.ReportingController, read.ReportingInstance));
        Assert.Equal(("kubelet", "node-1"), (read.DeprecatedSource.Component, read.DeprecatedSource.Host));
        Assert.Equal((First, First.AddMinutes(1), 2), (read.DeprecatedFirstTimestamp!.Value, read.DeprecatedLastTimestamp!.Value, read.DeprecatedCount!.Value));
    }

    [SkippableTheory, Backends]
    public async Task EventsV1Event_ReadThroughCoreV1_IsConvertedWithCoreZeroValues(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("e1", cluster.Namespace), cluster.Namespace);

        var raw = await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/events/e1");

        var core = JsonNode.Parse(raw.Body)!.AsObject();
        Assert.Equal("v1", core["apiVersion"]!.GetValue<string>());
        Assert.Equal($"Successfully created snapshot {cluster.Namespace}/snap-larry", core["message"]!.GetValue<string>());
        Assert.Equal("snap-larry", core["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal(("harness.example.com/snapshotter", "snapshotter-0"), (core["reportingComponent"]!.GetValue<string>(), core["reportingInstance"]!.GetValue<string>()));
        Assert.Equal("2026-01-02T03:04:05.123000Z", core["eventTime"]!.GetValue<string>());
        Assert.Equal("{}", core["source"]!.ToJsonString());
        Assert.True(core.ContainsKey("firstTimestamp") && core["firstTimestamp"] is null);
        Assert.True(core.ContainsKey("lastTimestamp") && core["lastTimestamp"] is null);
        Assert.False(core.ContainsKey("note") || core.ContainsKey("regarding") || core.ContainsKey("count"));
    }

    [SkippableTheory, Backends]
    public async Task Events_ListedThroughBothApis_AreTheSameObjects(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedEventAsync(CoreEvent("a", cluster.Namespace), cluster.Namespace);
        await cluster.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("b", cluster.Namespace), cluster.Namespace);

        var core = await cluster.Client.CoreV1.ListNamespacedEventAsync(cluster.Namespace);
        var eventsV1 = await cluster.Client.EventsV1.ListNamespacedEventAsync(cluster.Namespace);

        Assert.Equal(["a", "b"], core.Items.Select(e => e.Metadata.Name));
        Assert.Equal(core.Items.Select(e => (e.Metadata.Uid, e.Message)), eventsV1.Items.Select(e => (e.Metadata.Uid, e.Note)));
        // One store and one revision counter behind both APIs; another test's write may land between the two lists.
        Assert.InRange(long.Parse(eventsV1.Metadata.ResourceVersion, CultureInfo.InvariantCulture), long.Parse(core.Metadata.ResourceVersion, CultureInfo.InvariantCulture), long.MaxValue);
    }

    [SkippableTheory, Backends]
    public async Task EventsV1Watch_SeesEventsWrittenThroughCoreV1(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var list = await cluster.Client.EventsV1.ListNamespacedEventAsync(cluster.Namespace);
        await cluster.Client.CoreV1.CreateNamespacedEventAsync(CoreEvent("e1", cluster.Namespace), cluster.Namespace);
        await cluster.Client.CoreV1.DeleteNamespacedEventAsync("e1", cluster.Namespace);

        var response = await cluster.Client.EventsV1.ListNamespacedEventWithHttpMessagesAsync(cluster.Namespace, watch: true, resourceVersion: list.Metadata.ResourceVersion);
        var events = new List<(WatchEventType Type, Eventsv1Event Object)>();
#pragma warning disable CS0618
        await foreach (var item in Task.FromResult(response).WatchAsync<Eventsv1Event, Eventsv1EventList>())
#pragma warning restore CS0618
        {
            events.Add(item);
            if (events.Count == 2)
            {
                break;
            }
        }

        Assert.Equal((WatchEventType.Added, "Started container web", "events.k8s.io/v1"), (events[0].Type, events[0].Object.Note, events[0].Object.ApiVersion));
        Assert.Equal((WatchEventType.Deleted, "web"), (events[1].Type, events[1].Object.Regarding.Name));
    }

    [SkippableTheory, Backends]
    public async Task EventsV1Patch_OfSeries_IsSeenThroughCoreV1(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedEventAsync(CoreEvent("e1", cluster.Namespace), cluster.Namespace);

        var patched = await cluster.Client.EventsV1.PatchNamespacedEventAsync(
            new V1Patch("""{"series":{"count":2,"lastObservedTime":"2026-01-02T03:05:00.000000Z"}}""", V1Patch.PatchType.MergePatch), "e1", cluster.Namespace);
        var core = await cluster.Client.CoreV1.ReadNamespacedEventAsync("e1", cluster.Namespace);

        Assert.Equal((2, "Started container web"), (patched.Series.Count, patched.Note));
        Assert.Equal(2, core.Series.Count);
    }

    [SkippableTheory, Backends]
    public async Task CoreV1Patch_OfMessage_ChangesTheEventsV1Note(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedEventAsync(CoreEvent("e1", cluster.Namespace), cluster.Namespace);

        await cluster.Client.CoreV1.PatchNamespacedEventAsync(
            new V1Patch("""{"message":"Restarted container web","count":3}""", V1Patch.PatchType.MergePatch), "e1", cluster.Namespace);
        var read = await cluster.Client.EventsV1.ReadNamespacedEventAsync("e1", cluster.Namespace);

        Assert.Equal(("Restarted container web", 3), (read.Note, read.DeprecatedCount!.Value));
    }

    [SkippableTheory, Backends]
    public async Task EventsV1Update_ThroughCoreV1Replace_KeepsOneObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("e1", cluster.Namespace), cluster.Namespace);
        var core = await cluster.Client.CoreV1.ReadNamespacedEventAsync("e1", cluster.Namespace);
        core.Message = "changed";

        var replaced = await cluster.Client.CoreV1.ReplaceNamespacedEventAsync(core, "e1", cluster.Namespace);
        var read = await cluster.Client.EventsV1.ReadNamespacedEventAsync("e1", cluster.Namespace);

        Assert.Equal(created.Metadata.Uid, replaced.Metadata.Uid);
        Assert.Equal(("changed", "harness.example.com/snapshotter"), (read.Note, read.ReportingController));
    }
}
