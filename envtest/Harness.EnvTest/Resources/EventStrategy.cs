using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Resources;

/// <summary>
/// Events, as kube's <c>ValidateEventCreate</c>/<c>ValidateEventUpdate</c> check them on the stored core form: every write passes
/// the legacy rules (namespace agreement; reporting fields required once <c>eventTime</c> is set); writes through
/// events.k8s.io/v1 also need <c>eventTime</c>, a Normal or Warning <c>type</c>, a valid <c>series</c>, no deprecated
/// fields, and may not change what an event reports. Field paths are the core names kube validates
/// (<c>involvedObject</c>, <c>message</c>), with the reporting controller named as the request's version names it.
/// </summary>
internal sealed class EventStrategy : IResourceStrategy
{
    private const int ReportingInstanceLimit = 128;
    private const int ActionLimit = 128;
    private const int ReasonLimit = 128;
    private const int NoteLimit = 1024;

    private readonly bool _eventsV1;

    private EventStrategy(bool eventsV1) => _eventsV1 = eventsV1;

    /// <summary>core/v1 writes: the legacy rules only.</summary>
    public static EventStrategy Core { get; } = new(eventsV1: false);

    /// <summary>events.k8s.io/v1 writes: the legacy rules and the strict ones.</summary>
    public static EventStrategy EventsV1 { get; } = new(eventsV1: true);

    private string ReportingControllerField => _eventsV1 ? "reportingController" : "reportingComponent";

    public void PrepareForCreate(JsonObject obj)
    {
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        Legacy(obj, errors);
        if (!_eventsV1)
        {
            return;
        }

        if (old is null)
        {
            StrictCreate(obj, errors);
        }
        else
        {
            StrictUpdate(obj, old, errors);
        }
    }

    private void Legacy(JsonObject obj, List<FieldError> errors)
    {
        var ns = ObjectJson.String(ObjectJson.Metadata(obj), "namespace") ?? string.Empty;
        var involvedNamespace = ObjectJson.String(obj["involvedObject"] as JsonObject, "namespace") ?? string.Empty;
        var mismatch = !IsSet(obj["eventTime"])
            ? (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
            : involvedNamespace.Length == 0 && ns is not ("default" or "kube-system");
        if (mismatch)
        {
            errors.Add(FieldErrorFactory.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
        }

        if (IsSet(obj["eventTime"]))
        {
            var controller = Text(obj, "reportingComponent");
            if (controller.Length == 0)
            {
                errors.Add(FieldErrorFactory.Required(ReportingControllerField));
            }

            errors.AddRange(QualifiedName.Errors(controller).Select(m => FieldErrorFactory.Invalid(ReportingControllerField, controller, m)));
            RequiredWithLimit(obj, "reportingInstance", ReportingInstanceLimit, errors);
            RequiredWithLimit(obj, "action", ActionLimit, errors);
            RequiredWithLimit(obj, "reason", ReasonLimit, errors);
            if (Encoding.UTF8.GetByteCount(Text(obj, "message")) > NoteLimit)
            {
                errors.Add(FieldErrorFactory.Invalid("message", string.Empty, $"can have at most {NoteLimit} characters"));
            }
        }

        errors.AddRange(NameValidation.SubdomainErrors(ns).Select(m => FieldErrorFactory.Invalid("namespace", ns, m)));
    }

    private static void StrictCreate(JsonObject obj, List<FieldError> errors)
    {
        Series(obj, errors);
        if (!IsSet(obj["eventTime"]))
        {
            errors.Add(FieldErrorFactory.Required("eventTime"));
        }

        if (Text(obj, "type") is var type && type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldErrorFactory.Invalid("type", string.Empty, "has invalid value: " + type));
        }

        foreach (var field in (string[])["firstTimestamp", "lastTimestamp"])
        {
            if (IsSet(obj[field]))
            {
                errors.Add(FieldErrorFactory.Invalid(field, string.Empty, "needs to be unset"));
            }
        }

        if (Count(obj) != 0)
        {
            errors.Add(FieldErrorFactory.Invalid("count", string.Empty, "needs to be unset"));
        }

        if (Text(obj["source"] as JsonObject, "component").Length > 0 || Text(obj["source"] as JsonObject, "host").Length > 0)
        {
            errors.Add(FieldErrorFactory.Invalid("source", string.Empty, "needs to be unset"));
        }
    }

    private void StrictUpdate(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (!JsonNode.DeepEquals(obj["series"], old["series"]))
        {
            Series(obj, errors);
        }

        Immutable(obj, old, "involvedObject", errors, ObjectReference);
        Immutable(obj, old, "reason", errors);
        Immutable(obj, old, "message", errors);
        Immutable(obj, old, "source", errors, EventSource);
        Immutable(obj, old, "firstTimestamp", errors, GoTime);
        Immutable(obj, old, "lastTimestamp", errors, GoTime);
        Immutable(obj, old, "count", errors, n => n?.ToJsonString() ?? "0");
        Immutable(obj, old, "reason", errors);
        Immutable(obj, old, "type", errors);
        Immutable(obj, old, "eventTime", errors, GoTime);
        Immutable(obj, old, "action", errors);
        Immutable(obj, old, "related", errors, ObjectReference);
        Immutable(obj, old, "reportingComponent", errors, field: ReportingControllerField);
        Immutable(obj, old, "reportingInstance", errors);
    }

    private static void Series(JsonObject obj, List<FieldError> errors)
    {
        if (obj["series"] is not JsonObject series)
        {
            return;
        }

        if (Count(series) < 2)
        {
            errors.Add(FieldErrorFactory.Invalid("series.count", string.Empty, "should be at least 2"));
        }

        if (!IsSet(series["lastObservedTime"]))
        {
            errors.Add(FieldErrorFactory.Required("series.lastObservedTime"));
        }
    }

    private static void RequiredWithLimit(JsonObject obj, string field, int limit, List<FieldError> errors)
    {
        var value = Text(obj, field);
        if (value.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(field));
        }

        if (Encoding.UTF8.GetByteCount(value) > limit)
        {
            errors.Add(FieldErrorFactory.Invalid(field, string.Empty, $"can have at most {limit} characters"));
        }
    }

    /// <summary>kube's <c>ValidateImmutableField</c>: the new value, as Go's <c>%#v</c> (or its String()) prints it, "field is immutable".</summary>
    private static void Immutable(
        JsonObject obj, JsonObject old, string name, List<FieldError> errors, Func<JsonNode?, string>? render = null, string? field = null)
    {
        var changed = name is "eventTime" or "firstTimestamp" or "lastTimestamp"
            ? Time(obj[name]) != Time(old[name])
            : !JsonNode.DeepEquals(Normalized(obj[name]), Normalized(old[name]));
        if (changed)
        {
            var value = render?.Invoke(obj[name]) ?? GoValueFormat.Quote(Text(obj, name));
            errors.Add(FieldErrorFactory.InvalidRaw(field ?? name, value, "field is immutable"));
        }
    }

    /// <summary>A value with its empty members dropped, as the Go struct they decode to compares.</summary>
    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => !IsEmpty(p.Value)).Select(p => KeyValuePair.Create(p.Key, Normalized(p.Value)))),
        _ => IsEmpty(node) ? null : node?.DeepClone(),
    };

    private static bool IsEmpty(JsonNode? node) => node is null || (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0);

    private static string ObjectReference(JsonNode? node) => node is JsonObject reference
        ? "core.ObjectReference{" + string.Join(", ", ((string[])["Kind", "Namespace", "Name", "UID", "APIVersion", "ResourceVersion", "FieldPath"])
            .Select(f => f + ":" + GoValueFormat.Quote(Text(reference, JsonName(f))))) + "}"
        : GoValueFormat.Quote("null"); // field.Error prints a nil pointer as the string "null"

    private static string EventSource(JsonNode? node) =>
        $"core.EventSource{{Component:{GoValueFormat.Quote(Text(node as JsonObject, "component"))}, Host:{GoValueFormat.Quote(Text(node as JsonObject, "host"))}}}";

    /// <summary>Go's <c>time.Time.String()</c> of a timestamp in UTC (the zero time when unset).</summary>
    private static string GoTime(JsonNode? node)
    {
        var time = Time(node) ?? DateTimeOffset.MinValue;
        var fraction = time.ToString("fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        return time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : string.Empty) + " +0000 UTC";
    }

    private static string JsonName(string goName) => goName switch
    {
        "UID" => "uid",
        "APIVersion" => "apiVersion",
        _ => char.ToLowerInvariant(goName[0]) + goName[1..],
    };

    /// <summary>A timestamp to the microsecond (kube ignores finer changes of eventTime), or null when unset.</summary>
    private static DateTimeOffset? Time(JsonNode? node)
    {
        if (node is not JsonValue v || !v.TryGetValue<string>(out var s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var time))
        {
            return null;
        }

        return new DateTimeOffset(time.Ticks - (time.Ticks % 10), TimeSpan.Zero);
    }

    private static bool IsSet(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0;

    private static long Count(JsonNode? node) => node?["count"] is JsonValue v && JsonKinds.TryGetInteger(v, out var n) ? n : 0;

    private static string Text(JsonObject? obj, string field) => ObjectJson.String(obj, field) ?? string.Empty;
}
