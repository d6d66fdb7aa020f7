using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tables;

/// <summary>
/// Renders objects as a <c>meta.k8s.io</c> Table, as kube-apiserver does for <c>kubectl get</c>:
/// a Name column, then either a CRD version's printer columns (cells evaluated by JSONPath and typed
/// by column type; dates as ages when the server's time is given) or, for resources without columns, kube's default
/// "Created At" column.
/// </summary>
public sealed class TableConverter
{
    private const string NameDescription = "Name of the object, unique within its namespace (or the cluster for cluster-scoped objects).";
    private const string CreatedAtDescription = "When the object was created, as an RFC 3339 time in UTC; set by the server.";

    private readonly IReadOnlyList<(PrinterColumn Column, JsonPathExpression? Path)> _columns;
    private readonly JsonArray _definitions;
    private readonly Func<JsonObject, DateTimeOffset, JsonArray>? _cells;

    private TableConverter(IReadOnlyList<(PrinterColumn, JsonPathExpression?)> columns, JsonArray definitions, Func<JsonObject, DateTimeOffset, JsonArray>? cells = null)
    {
        _columns = columns;
        _definitions = definitions;
        _cells = cells;
    }

    /// <summary>kube's default converter: Name and Created At.</summary>
    public static TableConverter Default { get; } = new(
        [(new PrinterColumn("Created At", "date", ".metadata.creationTimestamp", Description: CreatedAtDescription), null)],
        [Definition("Name", "string", "name", NameDescription, 0), Definition("Created At", "date", "", CreatedAtDescription, 0)]);

    /// <summary>A converter for printer columns (Name comes first, as kube adds it).</summary>
    /// <exception cref="FormatException">A column's JSONPath is outside the supported subset.</exception>
    public static TableConverter ForColumns(IReadOnlyList<PrinterColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var compiled = columns.Select(c => (c, (JsonPathExpression?)JsonPathExpression.Parse(c.JsonPath))).ToArray();
        var definitions = new JsonArray(Definition("Name", "string", "name", NameDescription, 0));
        foreach (var column in columns)
        {
            var description = column.Description.Length > 0 ? column.Description : "Custom resource definition column (in JSONPath format): " + column.JsonPath;
            definitions.Add(Definition(column.Name, column.Type, column.Format, description, column.Priority));
        }

        return new TableConverter(compiled, definitions);
    }

    /// <summary>A converter for a built-in kind's printer: its columns (every one, as the server sends them) and its row cells.</summary>
    internal static TableConverter ForPrinter(IEnumerable<TableColumn> columns, Func<JsonObject, DateTimeOffset, JsonArray> cells)
        => new([], new JsonArray(columns.Select(c => (JsonNode)Definition(c.Name, c.Type, c.Format, c.Description, c.Priority)).ToArray()), cells);

    /// <summary>A converter for a CRD version object (an entry of <c>spec.versions</c>).</summary>
    public static TableConverter ForCrdVersion(JsonObject crdVersion) => ForColumns(PrinterColumn.FromCrdVersion(crdVersion));

    /// <summary>A Table of one object (a GET, or one watch event).</summary>
    public JsonObject ConvertObject(JsonObject item, TableOptions options)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        var metadata = new JsonObject();
        if (item["metadata"]?["resourceVersion"] is JsonValue rv)
        {
            metadata["resourceVersion"] = rv.DeepClone();
        }

        return Table(metadata, [item], options);
    }

    /// <summary>A Table of a list, carrying the list's resourceVersion, continue token and remaining count.</summary>
    public JsonObject ConvertList(IEnumerable<JsonObject> items, TableOptions options, string? resourceVersion = null, string? continueToken = null, long? remainingItemCount = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        if (remainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        return Table(metadata, items, options);
    }

    private static JsonObject Definition(string name, string type, string format, string description, int priority) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = priority,
    };

    private JsonObject Table(JsonObject metadata, IEnumerable<JsonObject> items, TableOptions options)
    {
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = options.ApiVersion,
            ["metadata"] = metadata,
        };
        if (!options.NoHeaders)
        {
            table["columnDefinitions"] = _definitions.DeepClone();
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(Row(item, options));
        }

        table["rows"] = rows;
        return table;
    }

    private JsonObject Row(JsonObject item, TableOptions options)
    {
        var cells = _cells is not null && options.Now is { } now ? _cells(item, now) : ColumnCells(item, options);

        var row = new JsonObject { ["cells"] = cells };
        switch (options.IncludeObject)
        {
            case TableIncludeObject.Metadata:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = options.ApiVersion,
                    ["metadata"] = item["metadata"]?.DeepClone() ?? new JsonObject(),
                };
                break;
            case TableIncludeObject.Object:
                row["object"] = item.DeepClone();
                break;
        }

        return row;
    }

    private JsonArray ColumnCells(JsonObject item, TableOptions options)
    {
        var cells = new JsonArray { item["metadata"]?["name"]?.DeepClone() ?? JsonValue.Create("") };
        foreach (var (column, path) in _columns)
        {
            cells.Add(path is null ? CreatedAt(item) : Cell(column.Type, path.Evaluate(item), options.Now));
        }

        return cells;
    }

    private static JsonNode? CreatedAt(JsonObject item)
    {
        var text = item["metadata"]?["creationTimestamp"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return JsonValue.Create(FormatTime(text) ?? "0001-01-01T00:00:00Z");
    }

    private static JsonNode? Cell(string type, IReadOnlyList<JsonNode?> results, DateTimeOffset? now)
    {
        if (results.Count == 0 || results[0] is not { } value)
        {
            return null;
        }

        var kind = JsonKinds.Of(value);
        switch (type)
        {
            case "string":
                return JsonValue.Create(GoValueFormat.Sprint(value));
            case "integer":
                if (kind == JsonKinds.Integer && JsonKinds.TryGetInteger((JsonValue)value, out var integer))
                {
                    return JsonValue.Create(integer);
                }

                return kind == JsonKinds.Number ? JsonValue.Create((long)JsonKinds.GetDouble((JsonValue)value)) : null;
            case "number":
                return kind is JsonKinds.Integer or JsonKinds.Number ? JsonValue.Create(JsonKinds.GetDouble((JsonValue)value)) : null;
            case "boolean":
                return kind == JsonKinds.Boolean ? JsonValue.Create(value.GetValue<bool>()) : null;
            case "date":
                return kind == JsonKinds.String ? JsonValue.Create(FormatDate(value.GetValue<string>(), now)) : null;
            default:
                return null;
        }
    }

    private static string FormatDate(string text, DateTimeOffset? now)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return "<invalid>";
        }

        return now is { } reference ? HumanDuration.Format(reference - time) : FormatTime(text)!;
    }

    private static string? FormatTime(string? text)
    {
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
