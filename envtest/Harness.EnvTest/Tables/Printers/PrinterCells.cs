using System.Globalization;
using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Tables;

/// <summary>What kube's printers compute for cells: ages, texts with defaults, access modes, storage class names.</summary>
internal static class PrinterCells
{
    public static string Name(JsonObject item) => JsonFields.String(JsonFields.Object(item, "metadata"), "name") ?? string.Empty;

    /// <summary>kube's <c>translateTimestampSince</c>: the age, or <c>&lt;unknown&gt;</c> without a time.</summary>
    public static string Since(string? time, DateTimeOffset now)
        => time is not null && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? HumanDuration.Format(now - at)
            : "<unknown>";

    public static string Age(JsonObject item, DateTimeOffset now) => Since(JsonFields.String(JsonFields.Object(item, "metadata"), "creationTimestamp"), now);

    public static bool Deleting(JsonObject item) => JsonFields.Object(item, "metadata")?["deletionTimestamp"] is not null;

    public static string Annotation(JsonObject item, string key)
        => JsonFields.String(JsonFields.Object(JsonFields.Object(item, "metadata"), "annotations"), key) ?? string.Empty;

    /// <summary>kube's <c>GetAccessModesAsString</c>: RWO, ROX, RWX, RWOP in that order, comma-separated.</summary>
    public static string AccessModes(JsonNode? holder)
    {
        var modes = JsonFields.Strings(holder, "accessModes").ToHashSet(StringComparer.Ordinal);
        return string.Join(",", new[] { ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP") }
            .Where(mode => modes.Contains(mode.Item1)).Select(mode => mode.Item2));
    }

    /// <summary>The beta storage-class annotation, else <c>spec.storageClassName</c>, as kube's storage helpers read it.</summary>
    public static string StorageClass(JsonObject item)
        => Annotation(item, "volume.beta.kubernetes.io/storage-class") is { Length: > 0 } annotated
            ? annotated
            : JsonFields.String(JsonFields.Object(item, "spec"), "storageClassName") ?? string.Empty;

    public static string OrDefault(string? value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;

    public static JsonArray Row(params JsonNode?[] cells) => new(cells);
}
