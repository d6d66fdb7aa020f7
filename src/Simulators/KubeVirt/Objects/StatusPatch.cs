using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Reflectors;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>
/// The merge patch of the status fields a simulator owns: the members of the desired status that differ from the
/// current one. Both sides are compared as the typed model reads them (a timestamp is the same instant however it is
/// written); the patch carries the desired JSON as given.
/// </summary>
internal static class StatusPatch
{
    public static JsonObject Changes<TStatus>(TStatus? current, JsonObject desired)
        where TStatus : class
    {
        ArgumentNullException.ThrowIfNull(desired);
        var before = current is null ? [] : ToJson(current);
        var after = ToJson(KubernetesUtf8Json.Deserialize<TStatus>(desired));
        var patch = new JsonObject();
        foreach (var (name, value) in desired)
        {
            if (!JsonNode.DeepEquals(before[name], after[name]))
            {
                patch[name] = value?.DeepClone();
            }
        }

        return patch;
    }

    /// <summary>
    /// The members of <paramref name="desired"/> that differ from <paramref name="current"/>, and <c>null</c> (removed) for
    /// each of <paramref name="owned"/> (JSON names) that <paramref name="desired"/> leaves unset and <paramref name="current"/> has;
    /// the members neither names are left to their other writers.
    /// </summary>
    public static JsonObject Owned<TStatus>(TStatus? current, TStatus desired, params string[] owned)
        where TStatus : class
    {
        var before = current is null ? [] : ToJson(current);
        var after = ToJson(desired);
        var patch = new JsonObject();
        foreach (var (name, value) in after)
        {
            if (!JsonNode.DeepEquals(before[name], value))
            {
                patch[name] = value?.DeepClone();
            }
        }

        foreach (var name in owned.Where(n => !after.ContainsKey(n) && before[n] is not null))
        {
            patch[name] = null;
        }

        return patch;
    }

    /// <summary>
    /// The patch from <paramref name="current"/> to <paramref name="desired"/>, a whole status: the members that changed,
    /// and <c>null</c> (removed) for those it no longer has.
    /// </summary>
    public static JsonObject Replacing<TStatus>(TStatus? current, TStatus desired)
        where TStatus : class
    {
        var wanted = ToJson(desired);
        var patch = Changes(current, wanted);
        foreach (var (name, _) in current is null ? [] : ToJson(current))
        {
            if (!wanted.ContainsKey(name))
            {
                patch[name] = null;
            }
        }

        return patch;
    }

    /// <summary>
    /// The members of <paramref name="desired"/> that differ from <paramref name="current"/>, both untyped JSON, compared as
    /// KubeVirt compares a status before writing it (Go's zero values, such as a condition's <c>lastProbeTime: null</c>, equal
    /// absent fields, which is also how the API server stores them); empty when nothing changed.
    /// </summary>
    public static JsonObject Changes(JsonObject current, JsonObject desired)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        var patch = new JsonObject();
        foreach (var (name, value) in desired)
        {
            if (!Same(current[name], value))
            {
                patch[name] = value?.DeepClone();
            }
        }

        return patch;
    }

    /// <summary>A typed value as the JSON it is written as (unknown fields included).</summary>
    public static JsonObject ToJson<T>(T value) => value is null ? [] : KubernetesUtf8Json.SerializeToNode(value) as JsonObject ?? [];

    private static bool Same(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (JsonObject x, JsonObject y) => Fields(x) == Fields(y) && x.All(p => p.Value is null || Same(p.Value, y[p.Key])),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        _ => JsonNode.DeepEquals(a, b),
    };

    private static int Fields(JsonObject obj) => obj.Count(p => p.Value is not null);
}
