using System.Text.Json.Nodes;

namespace Harness.EnvTest.Resources;

/// <summary>
/// events.k8s.io/v1 Events over the core/v1 storage, with kube's field conversion: <c>regarding</c> ↔
/// <c>involvedObject</c>, <c>note</c> ↔ <c>message</c>, <c>reportingController</c> ↔ <c>reportingComponent</c>,
/// <c>deprecatedSource</c> ↔ <c>source</c>, <c>deprecatedFirstTimestamp</c>/<c>deprecatedLastTimestamp</c>/<c>deprecatedCount</c>
/// ↔ <c>firstTimestamp</c>/<c>lastTimestamp</c>/<c>count</c>; <c>eventTime</c>, <c>series</c>, <c>reportingInstance</c>,
/// <c>action</c>, <c>reason</c>, <c>related</c> and <c>type</c> are the same in both.
/// </summary>
internal sealed class EventsV1EventConverter : IObjectConverter
{
    private static readonly (string EventsV1, string Core)[] Renamed =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    private static readonly string[] EventsV1Order =
    [
        "kind", "apiVersion", "metadata", "eventTime", "series", "reportingController", "reportingInstance", "action", "reason",
        "regarding", "related", "note", "type", "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount",
    ];

    public static EventsV1EventConverter Instance { get; } = new();

    public bool ServesStoredForm => false;

    public JsonObject ToStorage(JsonObject served)
    {
        var stored = new JsonObject();
        foreach (var (name, value) in served.ToList())
        {
            served.Remove(name);
            stored[CoreName(name)] = value;
        }

        stored["apiVersion"] = "v1";
        return CoreEventConverter.Instance.ToStorage(stored);
    }

    public JsonObject FromStorage(JsonObject stored)
    {
        var renamed = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in stored)
        {
            renamed[EventsV1Name(name)] = value?.DeepClone();
        }

        renamed["apiVersion"] = "events.k8s.io/v1";
        var served = new JsonObject();
        foreach (var name in EventsV1Order.Where(renamed.ContainsKey).Concat(renamed.Keys.Where(k => !EventsV1Order.Contains(k))).ToList())
        {
            served[name] = renamed[name];
        }

        CoreEventConverter.EnsureObject(served, "regarding");
        CoreEventConverter.EnsureObject(served, "deprecatedSource");
        CoreEventConverter.EnsurePresent(served, "eventTime");
        CoreEventConverter.EnsurePresent(served, "deprecatedFirstTimestamp");
        CoreEventConverter.EnsurePresent(served, "deprecatedLastTimestamp");
        foreach (var name in (string[])["reportingController", "reportingInstance", "action", "reason", "note", "type"])
        {
            CoreEventConverter.RemoveIfEmptyString(served, name);
        }

        return served;
    }

    private static string CoreName(string name) => Array.Find(Renamed, r => r.EventsV1 == name) is { Core: { } core } ? core : name;

    private static string EventsV1Name(string name) => Array.Find(Renamed, r => r.Core == name) is { EventsV1: { } v1 } ? v1 : name;
}
