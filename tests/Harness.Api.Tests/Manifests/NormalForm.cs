using System.Text.Json.Nodes;

namespace Harness.Api.Tests.Manifests;

/// <summary>
/// JSON as a comparable string: keys sorted at every level, and members whose value is null dropped (Kubernetes reads
/// <c>"creationTimestamp": null</c> and an absent field alike; the models omit null on write).
/// </summary>
internal static class NormalForm
{
    public static string Of(string json) => Normalise(JsonNode.Parse(json))?.ToJsonString() ?? "null";

    private static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalise).ToArray()),
        _ => node?.DeepClone(),
    };
}
