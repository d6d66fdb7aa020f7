using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Reflectors;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>The operations of an RFC 6902 JSON patch, with values taken from typed objects as they are written.</summary>
internal static class JsonPatch
{
    public static JsonObject Test(string path, JsonNode? value) => Operation("test", path, value);

    public static JsonObject Add(string path, JsonNode? value) => Operation("add", path, value);

    public static JsonObject Replace(string path, JsonNode? value) => Operation("replace", path, value);

    /// <summary><c>add</c> when <paramref name="exists"/> is false, else <c>replace</c>.</summary>
    public static JsonObject Set(string path, bool exists, JsonNode? value) => exists ? Replace(path, value) : Add(path, value);

    public static JsonObject Remove(string path) => new() { ["op"] = "remove", ["path"] = path };

    /// <summary>A typed value as the JSON it is written as (its unknown fields included); null for null.</summary>
    public static JsonNode? Json<T>(T? value) => value is null ? null : KubernetesUtf8Json.SerializeToNode(value);

    private static JsonObject Operation(string op, string path, JsonNode? value) => new() { ["op"] = op, ["path"] = path, ["value"] = value };
}
