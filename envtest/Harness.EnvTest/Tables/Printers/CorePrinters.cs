using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;
using static Harness.EnvTest.Tables.PrinterCells;

namespace Harness.EnvTest.Tables;

/// <summary>kube-apiserver's printers for Namespaces, ConfigMaps, Secrets and Events.</summary>
internal static class CorePrinters
{
    public static TableConverter Namespaces { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Status", Description: "The status of the namespace"),
            TableColumn.AgeColumn,
        ],
        (ns, now) => Row(Name(ns), JsonFields.String(JsonFields.Object(ns, "status"), "phase") ?? string.Empty, Age(ns, now)));

    public static TableConverter ConfigMaps { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Data", "string", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
            TableColumn.AgeColumn,
        ],
        (configMap, now) => Row(Name(configMap), (long)(Count(configMap, "data") + Count(configMap, "binaryData")), Age(configMap, now)));

    public static TableConverter Secrets { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Type", Description: "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
            new("Data", "string", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
            TableColumn.AgeColumn,
        ],
        (secret, now) => Row(Name(secret), JsonFields.String(secret, "type") ?? string.Empty, (long)Count(secret, "data"), Age(secret, now)));

    public static TableConverter Events { get; } = TableConverter.ForPrinter(
        [
            new("Last Seen", Description: "The time at which the most recent occurrence of this event was recorded."),
            new("Type", Description: "Type of this event (Normal, Warning), new types could be added in the future"),
            new("Reason", Description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            new("Object", Description: "The object that this event is about."),
            new("Subobject", Priority: 1, Description: "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object."),
            new("Source", Priority: 1, Description: "The component reporting this event. Should be a short machine understandable string."),
            new("Message", Description: "A human-readable description of the status of this operation."),
            new("First Seen", Priority: 1, Description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
            new("Count", Priority: 1, Description: "The number of times this event has occurred."),
            new("Name", Priority: 1, Format: "name", Description: TableColumn.NameDescription),
        ],
        EventCells);

    private static int Count(JsonObject obj, string map) => JsonFields.Object(obj, map)?.Count ?? 0;

    private static JsonArray EventCells(JsonObject ev, DateTimeOffset now)
    {
        var firstTimestamp = JsonFields.String(ev, "firstTimestamp");
        var first = Since(firstTimestamp ?? JsonFields.String(ev, "eventTime"), now);
        var lastTimestamp = JsonFields.String(ev, "lastTimestamp");
        var last = lastTimestamp is null ? first : Since(lastTimestamp, now);
        var count = JsonFields.Integer(ev, "count") ?? 0;
        if (JsonFields.Object(ev, "series") is { } series)
        {
            last = Since(JsonFields.String(series, "lastObservedTime"), now);
            count = JsonFields.Integer(series, "count") ?? 0;
        }
        else if (count == 0)
        {
            count = 1;
        }

        var involved = JsonFields.Object(ev, "involvedObject");
        var kind = (JsonFields.String(involved, "kind") ?? string.Empty).ToLowerInvariant();
        var target = JsonFields.String(involved, "name") is { Length: > 0 } name ? $"{kind}/{name}" : kind;
        return Row(
            last, JsonFields.String(ev, "type") ?? string.Empty, JsonFields.String(ev, "reason") ?? string.Empty, target,
            JsonFields.String(involved, "fieldPath") ?? string.Empty, Source(ev), (JsonFields.String(ev, "message") ?? string.Empty).Trim(),
            first, count, Name(ev));
    }

    /// <summary>kube's <c>formatEventSource</c>: component (or reporting controller), then host (or reporting instance), comma-joined.</summary>
    private static string Source(JsonObject ev)
    {
        var source = JsonFields.Object(ev, "source");
        var component = OrDefault(JsonFields.String(source, "component"), JsonFields.String(ev, "reportingComponent") ?? string.Empty);
        var host = OrDefault(JsonFields.String(source, "host"), JsonFields.String(ev, "reportingInstance") ?? string.Empty);
        return host.Length == 0 ? component : $"{component}, {host}";
    }
}
