using System.Text.Json.Nodes;

namespace Harness.EnvTest.Resources;

/// <summary>
/// Which per-version fields of a v1 CRD kube's conversion to the internal form moves to the spec: a field is hoisted when
/// every version sets it to the same value (a schema, subresources) or to the same non-empty list (columns, fields).
/// </summary>
internal sealed class HoistedFields(IReadOnlyList<JsonObject> versions)
{
    public bool Schema { get; } = Identical(versions, "schema", v => v is JsonObject);

    public bool Subresources { get; } = Identical(versions, "subresources", v => v is JsonObject);

    public bool Columns { get; } = Identical(versions, "additionalPrinterColumns", v => v is JsonArray { Count: > 0 });

    public bool SelectableFields { get; } = Identical(versions, "selectableFields", v => v is JsonArray { Count: > 0 });

    public bool Contains(string field) => field switch
    {
        "schema" => Schema,
        "subresources" => Subresources,
        "additionalPrinterColumns" => Columns,
        _ => SelectableFields,
    };

    private static bool Identical(IReadOnlyList<JsonObject> versions, string field, Func<JsonNode?, bool> isSet) =>
        versions.Count > 0 && versions.All(v => isSet(v[field]) && JsonNode.DeepEquals(v[field], versions[0][field]));
}
