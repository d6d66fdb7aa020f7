using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Resources;

/// <summary>
/// core/v1 Events, the storage form of every Event: written objects get the fields core/v1's Go type always
/// encodes (<c>involvedObject</c> and <c>source</c> as objects, the timestamps and <c>eventTime</c> as null when unset,
/// <c>reportingComponent</c> and <c>reportingInstance</c> as strings) and lose its empty optional ones, so an
/// Event reads the same whichever API wrote it.
/// </summary>
internal sealed class CoreEventConverter : IObjectConverter
{
    public static CoreEventConverter Instance { get; } = new();

    public bool ServesStoredForm => true;

    public JsonObject ToStorage(JsonObject served)
    {
        EnsureObject(served, "involvedObject");
        EnsureObject(served, "source");
        EnsurePresent(served, "firstTimestamp");
        EnsurePresent(served, "lastTimestamp");
        EnsurePresent(served, "eventTime");
        EnsureString(served, "reportingComponent");
        EnsureString(served, "reportingInstance");
        foreach (var name in (string[])["reason", "message", "type", "action"])
        {
            RemoveIfEmptyString(served, name);
        }

        if (served["count"] is JsonValue count && JsonKinds.TryGetInteger(count, out var n) && n == 0)
        {
            served.Remove("count");
        }

        return served;
    }

    public JsonObject FromStorage(JsonObject stored) => stored.DeepClone().AsObject();

    internal static void EnsureObject(JsonObject obj, string name)
    {
        if (obj[name] is not JsonObject)
        {
            obj[name] = new JsonObject();
        }
    }

    internal static void EnsurePresent(JsonObject obj, string name)
    {
        if (!obj.ContainsKey(name))
        {
            obj[name] = null;
        }
    }

    internal static void RemoveIfEmptyString(JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var value) && (value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0)))
        {
            obj.Remove(name);
        }
    }

    private static void EnsureString(JsonObject obj, string name)
    {
        if (obj[name] is null)
        {
            obj[name] = string.Empty;
        }
    }
}
