using System.Globalization;
using System.Text.Json.Nodes;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Tables;

/// <summary>The Table every resource gets unless a better converter is installed: Name and Age, as kube's default.</summary>
internal sealed class DefaultTableConverter : ITableConverter
{
    public JsonObject Convert(ResourceDefinition resource, IReadOnlyList<JsonObject> objects, IncludeObject includeObject, DateTimeOffset now)
    {
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var metadata = obj["metadata"] as JsonObject;
            var row = new JsonObject
            {
                ["cells"] = new JsonArray(metadata?["name"]?.GetValue<string>() ?? string.Empty, Age(metadata, now)),
            };
            if (RowObject(obj, includeObject) is { } rowObject)
            {
                row["object"] = rowObject;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject(),
            ["columnDefinitions"] = new JsonArray(
                Column("Name", "string", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
                Column("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.")),
            ["rows"] = rows,
        };
    }

    /// <summary>The row's <c>object</c>: nothing, a PartialObjectMetadata, or the whole object.</summary>
    public static JsonNode? RowObject(JsonObject obj, IncludeObject includeObject) => includeObject switch
    {
        IncludeObject.None => null,
        IncludeObject.Object => obj.DeepClone(),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj["metadata"]?.DeepClone(),
        },
    };

    /// <summary>Kube's short age form: 45s, 12m, 3h, 5d, 2y.</summary>
    public static string Age(JsonObject? metadata, DateTimeOffset now)
    {
        if (metadata?["creationTimestamp"] is not JsonValue value || !value.TryGetValue<string>(out var text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        {
            return "<unknown>";
        }

        var age = now - created;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : age.TotalDays < 730 ? $"{(int)age.TotalDays}d"
            : $"{(int)(age.TotalDays / 365)}y";
    }

    private static JsonObject Column(string name, string type, string format, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = 0,
    };
}
