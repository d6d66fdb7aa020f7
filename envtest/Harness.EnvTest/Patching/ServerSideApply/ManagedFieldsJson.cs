using System.Globalization;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>
/// <c>metadata.managedFields</c> read and changed as JSON, without decoding the field sets: the fast path
/// of the most common write, a manager changing fields that it alone already owns.
/// </summary>
internal static class ManagedFieldsJson
{
    /// <summary>Sorts entries as kube-apiserver stores them: by operation, time (seconds), manager, apiVersion, subresource.</summary>
    public static void Sort(JsonArray entries)
    {
        if (entries.Count < 2)
        {
            return;
        }

        var sorted = entries
            .OrderBy(e => Text(e, "operation"), StringComparer.Ordinal)
            .ThenBy(e => DateTimeOffset.TryParse(Text(e, "time"), CultureInfo.InvariantCulture, out var t) ? t.ToUnixTimeSeconds() : 0)
            .ThenBy(e => Text(e, "manager"), StringComparer.Ordinal)
            .ThenBy(e => Text(e, "apiVersion"), StringComparer.Ordinal)
            .ThenBy(e => Text(e, "subresource"), StringComparer.Ordinal)
            .ToList();
        entries.Clear();
        foreach (var entry in sorted)
        {
            entries.Add(entry);
        }
    }

    /// <summary>
    /// Records an update in <paramref name="entries"/> in place when no ownership moves: no entry owns a field
    /// the write removed, no other entry owns a field it changed, and the manager's entry already owns every
    /// field it took (<paramref name="taken"/>), whose time is then stamped. False: the caller must do the full work.
    /// </summary>
    public static bool TryRecordInPlace(
        JsonArray entries, ManagerIdentity identity, FieldSet changed, FieldSet removed, FieldSet taken, string time)
    {
        JsonObject? acting = null;
        foreach (var node in entries)
        {
            if (node is not JsonObject entry || Text(entry, "fieldsType") is not (null or "FieldsV1") || entry["fieldsV1"] is not (null or JsonObject))
            {
                return false;
            }

            var fields = entry["fieldsV1"] as JsonObject;
            var isActing = Text(entry, "manager") == identity.Manager
                && Text(entry, "operation") == identity.Operation
                && Text(entry, "apiVersion") == identity.ApiVersion
                && (Text(entry, "subresource") ?? string.Empty) == (identity.Subresource ?? string.Empty);
            if (isActing)
            {
                acting = entry;
            }

            if (OwnsAny(fields, removed) || (!isActing && OwnsAny(fields, changed)) || (isActing && !OwnsAll(fields, taken)))
            {
                return false;
            }
        }

        if (taken.IsEmpty)
        {
            return true;
        }

        if (acting is null)
        {
            return false;
        }

        acting["time"] = time;
        Sort(entries);
        return true;
    }

    /// <summary>True when <paramref name="fields"/> owns some member of <paramref name="set"/>.</summary>
    private static bool OwnsAny(JsonObject? fields, FieldSet set)
    {
        if (fields is null)
        {
            return false;
        }

        foreach (var (element, child) in set.Children)
        {
            if (fields[element] is JsonObject below && ((child.IsMember && IsOwned(below)) || OwnsAny(below, child)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="fields"/> owns every member of <paramref name="set"/>.</summary>
    private static bool OwnsAll(JsonObject? fields, FieldSet set)
    {
        foreach (var (element, child) in set.Children)
        {
            var below = fields?[element] as JsonObject;
            if ((child.IsMember && (below is null || !IsOwned(below))) || !OwnsAll(below, child))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the <c>fieldsV1</c> node reached by a path says the path itself is owned.</summary>
    private static bool IsOwned(JsonObject node) => node.Count == 0 || node.ContainsKey(".");

    private static string? Text(JsonNode? entry, string name) =>
        entry?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
