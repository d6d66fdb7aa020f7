using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Serialization.GoStructs;

/// <summary>
/// What Go's encoder writes after <c>metadata</c> for the zero value of a built-in kind's struct (kube-apiserver's watch
/// cache sends one, with only a resourceVersion set, as a BOOKMARK; its field manager compares a created object with one): struct fields, which <c>omitempty</c> never drops, as
/// <c>{}</c> or their own fields, and fields without <c>omitempty</c> as their zero value. Kinds whose zero value is only
/// metadata (ConfigMap, Secret, the webhook configurations) are not listed.
/// </summary>
internal static class GoZeroObjects
{
    private static readonly Dictionary<string, string> Tails = new(StringComparer.Ordinal)
    {
        ["V1Pod"] = """{"spec":{"containers":null},"status":{}}""",
        ["V1PersistentVolumeClaim"] = """{"spec":{"resources":{}},"status":{}}""",
        ["V1PersistentVolume"] = """{"spec":{},"status":{}}""",
        ["V1Namespace"] = """{"spec":{},"status":{}}""",
        ["V1Lease"] = """{"spec":{}}""",
        ["V1StorageClass"] = """{"provisioner":""}""",
        ["V1ControllerRevision"] = """{"data":null,"revision":0}""",
        ["Corev1Event"] = """{"involvedObject":{},"source":{},"firstTimestamp":null,"lastTimestamp":null,"eventTime":null,"reportingComponent":"","reportingInstance":""}""",
        ["Eventsv1Event"] = """{"eventTime":null,"regarding":{},"deprecatedSource":{},"deprecatedFirstTimestamp":null,"deprecatedLastTimestamp":null}""",
        ["V1APIService"] = """{"spec":{"groupPriorityMinimum":0,"versionPriority":0},"status":{}}""",
        ["V1CustomResourceDefinition"] = """{"spec":{"group":"","names":{"plural":"","kind":""},"scope":"","versions":null},"status":{"conditions":null,"acceptedNames":{"plural":"","kind":""},"storedVersions":null}}""",
    };

    /// <summary>The fields after <c>metadata</c> of the zero value of <paramref name="model"/>'s kind (a new object; empty when none).</summary>
    public static JsonObject Of(Type? model) =>
        model is not null && Tails.TryGetValue(model.Name, out var tail) ? JsonNode.Parse(tail)!.AsObject() : [];

    /// <summary>Writes the fields after <c>metadata</c> of the zero value of <paramref name="model"/>'s kind.</summary>
    public static void WriteTail(Utf8JsonWriter writer, Type? model)
    {
        foreach (var (name, value) in Of(model))
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
    }
}
