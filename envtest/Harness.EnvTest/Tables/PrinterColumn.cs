using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tables;

/// <summary>
/// One <c>additionalPrinterColumns</c> entry of a CRD version: a Table column whose cells come from
/// a JSONPath over the object. <see cref="Type"/> is <c>string</c>, <c>integer</c>, <c>number</c>,
/// <c>boolean</c> or <c>date</c>; columns with a priority above 0 show only with <c>-o wide</c>.
/// </summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Format = "", string Description = "", int Priority = 0)
{
    private const string AgeDescription = "When the object was created, as an RFC 3339 time in UTC; set by the server.";

    /// <summary>The column kube-apiserver serves when a CRD version declares none.</summary>
    public static PrinterColumn Age { get; } = new("Age", "date", ".metadata.creationTimestamp", Description: AgeDescription);

    /// <summary>
    /// The columns of a CRD version object (an entry of <c>spec.versions</c>), or <see cref="Age"/>
    /// alone when it declares none, as kube-apiserver does.
    /// </summary>
    public static IReadOnlyList<PrinterColumn> FromCrdVersion(JsonObject crdVersion)
    {
        ArgumentNullException.ThrowIfNull(crdVersion);
        return FromArray(crdVersion["additionalPrinterColumns"] as JsonArray);
    }

    /// <summary>The columns of an <c>additionalPrinterColumns</c> array, or <see cref="Age"/> alone when it is null or empty.</summary>
    /// <exception cref="FormatException">An entry lacks its name, type or jsonPath.</exception>
    public static IReadOnlyList<PrinterColumn> FromArray(JsonArray? columns)
    {
        if (columns is not { Count: > 0 })
        {
            return [Age];
        }

        return columns.Select(c => c as JsonObject ?? throw new FormatException("additionalPrinterColumns entries must be objects")).Select(c => new PrinterColumn(
            Text(c, "name") ?? throw new FormatException("additionalPrinterColumns entry without name"),
            Text(c, "type") ?? throw new FormatException("additionalPrinterColumns entry without type"),
            Text(c, "jsonPath") ?? throw new FormatException("additionalPrinterColumns entry without jsonPath"),
            Text(c, "format") ?? "",
            Text(c, "description") ?? "",
            c["priority"] is JsonValue p && JsonKinds.TryGetInteger(p, out var priority) ? (int)priority : 0)).ToArray();
    }

    private static string? Text(JsonObject column, string key)
        => column[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
