using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using k8s;

namespace Harness.EnvTest.Tests.Resources;

/// <summary>
/// MicroTime fields (Event <c>eventTime</c> and <c>series.lastObservedTime</c>, Lease <c>acquireTime</c> and
/// <c>renewTime</c>) as kube decodes them: Go's <c>time.Parse</c> with <c>2006-01-02T15:04:05.000000Z07:00</c>, stored in
/// UTC with six digits; what it cannot read answers 400 with Go's error and stores nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MicroTimeIntegrationTests(ClusterFixture clusters)
{
    private const string Layout = "2006-01-02T15:04:05.000000Z07:00";

    private static string EventsV1(ClusterScope cluster) => $"/apis/events.k8s.io/v1/namespaces/{cluster.Namespace}/events";

    private static string CoreEvents(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/events";

    private static string Leases(ClusterScope cluster) => $"/apis/coordination.k8s.io/v1/namespaces/{cluster.Namespace}/leases";

    private static JsonObject EventsV1Event(ClusterScope cluster, string name, JsonNode? eventTime) => new()
    {
        ["apiVersion"] = "events.k8s.io/v1",
        ["kind"] = "Event",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["eventTime"] = eventTime,
        ["reportingController"] = "harness.example.com/snapshotter",
        ["reportingInstance"] = "snapshotter-0",
        ["action"] = "Snapshot",
        ["reason"] = "SnapshotCreated",
        ["regarding"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = cluster.Namespace, ["name"] = "web" },
        ["note"] = "created",
        ["type"] = "Normal",
    };

    private static JsonObject Lease(string name, string renewTime) => new()
    {
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["kind"] = "Lease",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["holderIdentity"] = "a", ["acquireTime"] = "2024-01-01T00:00:00.000000Z", ["renewTime"] = renewTime },
    };

    private static string Message(string body) => JsonNode.Parse(body)!["message"]!.GetValue<string>();

    private static async Task AssertNoEventsAsync(ClusterScope cluster) =>
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedEventAsync(cluster.Namespace)).Items);

    [SkippableTheory]
    [BackendsData("2024-01-01T00:00:00.000000Z", "2024-01-01T00:00:00.000000Z")]
    [BackendsData("2024-01-01T00:00:00.123456Z", "2024-01-01T00:00:00.123456Z")]
    [BackendsData("2024-01-01T02:00:00.123456+02:00", "2024-01-01T00:00:00.123456Z")]
    [BackendsData("2024-12-31T23:30:00.000001-01:00", "2025-01-01T00:30:00.000001Z")]
    [BackendsData("2024-01-01T00:00:00,500000Z", "2024-01-01T00:00:00.500000Z")]
    [BackendsData("2024-01-01T7:05:00.000000Z", "2024-01-01T07:05:00.000000Z")]
    [BackendsData("2024-02-29T00:00:00.000000Z", "2024-02-29T00:00:00.000000Z")]
    public async Task CreateEventsV1_EventTimeGoReads_IsStoredInUtcWithSixDigits(Backend backend, string sent, string stored)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, EventsV1(cluster), EventsV1Event(cluster, "e1", sent).ToJsonString());

        Assert.True(code == 201, body);
        Assert.Equal(stored, JsonNode.Parse(body)!["eventTime"]!.GetValue<string>());
        var (_, core) = await cluster.SendAsync(HttpMethod.Get, CoreEvents(cluster) + "/e1");
        Assert.Equal(stored, JsonNode.Parse(core)!["eventTime"]!.GetValue<string>());
    }

    [SkippableTheory]
    [BackendsData("\"2024-01-01T00:00:00Z\"", $"parsing time \"2024-01-01T00:00:00Z\" as \"{Layout}\": cannot parse \"Z\" as \".000000\"")]
    [BackendsData("\"2024-01-01T00:00:00.123Z\"", $"parsing time \"2024-01-01T00:00:00.123Z\" as \"{Layout}\": cannot parse \".123Z\" as \".000000\"")]
    [BackendsData("\"2024-01-01T00:00:00.123456789Z\"", $"parsing time \"2024-01-01T00:00:00.123456789Z\" as \"{Layout}\": cannot parse \"789Z\" as \"Z07:00\"")]
    [BackendsData("\"2024-01-01T00:00:00.123456\"", $"parsing time \"2024-01-01T00:00:00.123456\" as \"{Layout}\": cannot parse \"\" as \"Z07:00\"")]
    [BackendsData("\"2024-01-01 00:00:00.000000Z\"", $"parsing time \"2024-01-01 00:00:00.000000Z\" as \"{Layout}\": cannot parse \" 00:00:00.000000Z\" as \"T\"")]
    [BackendsData("\"2024-01-01T00:00:00.000000+0200\"", $"parsing time \"2024-01-01T00:00:00.000000+0200\" as \"{Layout}\": cannot parse \"+0200\" as \"Z07:00\"")]
    [BackendsData("\"2023-02-29T00:00:00.000000Z\"", "parsing time \"2023-02-29T00:00:00.000000Z\": day out of range")]
    [BackendsData("\"2024-13-01T00:00:00.000000Z\"", "parsing time \"2024-13-01T00:00:00.000000Z\": month out of range")]
    [BackendsData("\"2024-01-01T24:00:00.000000Z\"", "parsing time \"2024-01-01T24:00:00.000000Z\": hour out of range")]
    [BackendsData("\"2024-01-01T00:00:60.000000Z\"", "parsing time \"2024-01-01T00:00:60.000000Z\": second out of range")]
    [BackendsData("\"2024-01-01T00:00:00.000000Z \"", "parsing time \"2024-01-01T00:00:00.000000Z \": extra text: \" \"")]
    [BackendsData("\"2024-01-01T00:00:00.000000+25:00\"", "parsing time \"2024-01-01T00:00:00.000000+25:00\": time zone offset hour out of range")]
    [BackendsData("\"\"", $"parsing time \"\" as \"{Layout}\": cannot parse \"\" as \"2006\"")]
    [BackendsData("\"2024-01-01T00:00:00.000000Z\\u00e9\"", "parsing time \"2024-01-01T00:00:00.000000Z\\xc3\\xa9\": extra text: \"\\xc3\\xa9\"")]
    [BackendsData("1704067200", "json: cannot unmarshal number into Go struct field Event.eventTime of type string")]
    [BackendsData("{}", "json: cannot unmarshal object into Go struct field Event.eventTime of type string")]
    public async Task CreateEventsV1_EventTimeGoCannotRead_Answers400AndStoresNothing(Backend backend, string eventTimeJson, string error)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, EventsV1(cluster), EventsV1Event(cluster, "e1", JsonNode.Parse(eventTimeJson)).ToJsonString());

        Assert.Equal(400, code);
        Assert.Equal(("BadRequest", $"Event in version \"v1\" cannot be handled as a Event: {error}"), (JsonNode.Parse(body)!["reason"]!.GetValue<string>(), Message(body)));
        await AssertNoEventsAsync(cluster);
    }

    /// <summary>
    /// kube's validation asks <c>eventTime == time.Time{}</c>, which a decoded time never is (its location is Local), so Go's
    /// zero time passes as set; its encoder then writes the zero time as null, so the event is stored without one.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task CreateEventsV1_EventTimeOfGosZeroTime_IsAcceptedAndStoredAsNull(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, EventsV1(cluster), EventsV1Event(cluster, "e1", "0001-01-01T01:00:00.000000+01:00").ToJsonString());

        Assert.True(code == 201, body);
        var created = JsonNode.Parse(body)!.AsObject();
        Assert.True(created.ContainsKey("eventTime") && created["eventTime"] is null, body);
        var (_, core) = await cluster.SendAsync(HttpMethod.Get, CoreEvents(cluster) + "/e1");
        var read = JsonNode.Parse(core)!.AsObject();
        Assert.True(read.ContainsKey("eventTime") && read["eventTime"] is null, core);
    }

    [SkippableTheory, Backends]
    public async Task CreateEventsV1_SeriesLastObservedTimeWithoutFraction_Answers400(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = EventsV1Event(cluster, "e1", "2024-01-01T00:00:00.000000Z");
        ev["series"] = new JsonObject { ["count"] = 2, ["lastObservedTime"] = "2024-01-01T00:01:00Z" };

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, EventsV1(cluster), ev.ToJsonString());

        Assert.Equal(400, code);
        Assert.Equal(
            $"Event in version \"v1\" cannot be handled as a Event: parsing time \"2024-01-01T00:01:00Z\" as \"{Layout}\": cannot parse \"Z\" as \".000000\"",
            Message(body));
        await AssertNoEventsAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task ReplaceEventsV1_EventTimeWithoutFraction_Answers400AndKeepsTheEvent(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var (_, created) = await cluster.SendAsync(HttpMethod.Post, EventsV1(cluster), EventsV1Event(cluster, "e1", "2024-01-01T00:00:00.000000Z").ToJsonString());
        var replacement = JsonNode.Parse(created)!.AsObject();
        replacement["eventTime"] = "2024-01-01T00:00:00Z";

        var (code, body) = await cluster.SendAsync(HttpMethod.Put, EventsV1(cluster) + "/e1", replacement.ToJsonString());

        Assert.Equal(400, code);
        Assert.Equal(
            $"Event in version \"v1\" cannot be handled as a Event: parsing time \"2024-01-01T00:00:00Z\" as \"{Layout}\": cannot parse \"Z\" as \".000000\"",
            Message(body));
        var stored = Assert.Single((await cluster.Client.EventsV1.ListNamespacedEventAsync(cluster.Namespace)).Items);
        Assert.Equal(JsonNode.Parse(created)!["metadata"]!["resourceVersion"]!.GetValue<string>(), stored.Metadata.ResourceVersion);
    }

    [SkippableTheory, Backends]
    public async Task ReplaceEventsV1_SameEventTimeInAnotherOffset_IsAcceptedAsUnchanged(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var (_, created) = await cluster.SendAsync(HttpMethod.Post, EventsV1(cluster), EventsV1Event(cluster, "e1", "2024-01-01T00:00:00.250000Z").ToJsonString());
        var replacement = JsonNode.Parse(created)!.AsObject();
        replacement["eventTime"] = "2024-01-01T05:30:00.250000+05:30";
        replacement["metadata"]!["labels"] = new JsonObject { ["touched"] = "yes" };

        var (code, body) = await cluster.SendAsync(HttpMethod.Put, EventsV1(cluster) + "/e1", replacement.ToJsonString());

        Assert.True(code == 200, body);
        Assert.Equal("2024-01-01T00:00:00.250000Z", JsonNode.Parse(body)!["eventTime"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task CreateCoreV1_EventTimeWithoutFraction_Answers400AndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = "e1" },
            ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = cluster.Namespace, ["name"] = "web" },
            ["eventTime"] = "2024-01-01T00:00:00Z",
            ["reportingComponent"] = "kubelet",
            ["reportingInstance"] = "node-1",
            ["action"] = "Started",
            ["reason"] = "Started",
        };

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, CoreEvents(cluster), ev.ToJsonString());

        Assert.Equal(400, code);
        Assert.Equal(
            $"Event in version \"v1\" cannot be handled as a Event: parsing time \"2024-01-01T00:00:00Z\" as \"{Layout}\": cannot parse \"Z\" as \".000000\"",
            Message(body));
        await AssertNoEventsAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task CreateLease_RenewTimeWithOffset_IsStoredInUtc(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, Leases(cluster), Lease("l1", "2024-01-01T01:00:00.000007+01:00").ToJsonString());

        Assert.True(code == 201, body);
        Assert.Equal("2024-01-01T00:00:00.000007Z", JsonNode.Parse(body)!["spec"]!["renewTime"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task CreateLease_RenewTimeWithoutFraction_Answers400AndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, Leases(cluster), Lease("l1", "2024-01-01T00:00:00Z").ToJsonString());

        Assert.Equal(400, code);
        Assert.Equal(
            $"Lease in version \"v1\" cannot be handled as a Lease: parsing time \"2024-01-01T00:00:00Z\" as \"{Layout}\": cannot parse \"Z\" as \".000000\"",
            Message(body));
        Assert.Empty((await cluster.Client.CoordinationV1.ListNamespacedLeaseAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task MergePatchLease_RenewTimeWithoutFraction_Answers422OnThePatchAndKeepsTheLease(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.SendAsync(HttpMethod.Post, Leases(cluster), Lease("l1", "2024-01-01T00:00:00.000000Z").ToJsonString());

        var (code, body) = await cluster.SendAsync(
            HttpMethod.Patch, Leases(cluster) + "/l1", "{\"spec\":{\"renewTime\":\"2024-01-01T00:00:05Z\"}}", "application/merge-patch+json");

        Assert.Equal(422, code);
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{", Message(body), StringComparison.Ordinal);
        Assert.EndsWith(
            $": parsing time \"2024-01-01T00:00:05Z\" as \"{Layout}\": cannot parse \"Z\" as \".000000\"", Message(body), StringComparison.Ordinal);
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("l1", cluster.Namespace);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), lease.Spec.RenewTime);
    }
}
