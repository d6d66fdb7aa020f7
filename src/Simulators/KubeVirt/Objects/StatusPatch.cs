using System.Text.Json.Nodes;
using k8s;

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
        var after = ToJson(KubernetesJson.Deserialize<TStatus>(desired.ToJsonString()));
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

    /// <summary>A typed value as the JSON it is written as (unknown fields included).</summary>
    public static JsonObject ToJson<T>(T value) => JsonNode.Parse(KubernetesJson.Serialize(value)) as JsonObject ?? [];
}
