using System.Globalization;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>The decoded <c>metadata.managedFields</c> of an object, keyed by <see cref="ManagerIdentity"/>.</summary>
internal sealed class ManagedFields
{
    private const string FieldsType = "FieldsV1";
    private const string AncientChanges = "ancient-changes";

    private readonly Dictionary<ManagerIdentity, ManagedFieldsEntry> _entries = [];

    /// <summary>The entries.</summary>
    public IEnumerable<ManagedFieldsEntry> Entries => _entries.Values;

    /// <summary>The entry of <paramref name="identity"/>, or null.</summary>
    public ManagedFieldsEntry? Find(ManagerIdentity identity) => _entries.GetValueOrDefault(identity);

    /// <summary>Adds or replaces the entry of its identity.</summary>
    public void Set(ManagedFieldsEntry entry) => _entries[entry.Identity] = entry;

    /// <summary>Drops entries that own nothing.</summary>
    public void RemoveEmpty() => RemoveWhere(e => e.Fields.IsEmpty);

    /// <summary>Drops the entries <paramref name="predicate"/> picks.</summary>
    public void RemoveWhere(Func<ManagedFieldsEntry, bool> predicate)
    {
        foreach (var identity in _entries.Where(e => predicate(e.Value)).Select(e => e.Key).ToList())
        {
            _entries.Remove(identity);
        }
    }

    /// <summary>
    /// Keeps at most <paramref name="max"/> <c>Update</c> entries as kube-apiserver does: the oldest are merged,
    /// per API version, into an <c>ancient-changes</c> entry that takes the newest merged time.
    /// </summary>
    public void CapUpdateManagers(int max)
    {
        if (_entries.Values.Count(e => e.Identity.Operation == ManagerIdentity.Update) <= max)
        {
            return;
        }

        var updaters = _entries.Values
            .Where(e => e.Identity.Operation == ManagerIdentity.Update)
            .OrderBy(e => Seconds(e.Time))
            .ThenBy(e => e.Identity.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ToList();
        var firstOfVersion = new Dictionary<string, ManagedFieldsEntry>(StringComparer.Ordinal);
        for (int i = 0, count = updaters.Count; i < updaters.Count && count > max; i++)
        {
            var entry = updaters[i];
            if (!firstOfVersion.TryGetValue(entry.ApiVersion, out var first))
            {
                firstOfVersion[entry.ApiVersion] = entry;
                continue;
            }

            var bucketIdentity = ManagerIdentity.Of(AncientChanges, ManagerIdentity.Update, entry.ApiVersion, null);
            if (!_entries.TryGetValue(bucketIdentity, out var bucket))
            {
                _entries.Remove(first.Identity);
                bucket = new ManagedFieldsEntry(bucketIdentity, entry.ApiVersion, first.Time, first.Fields);
            }

            _entries.Remove(entry.Identity);
            _entries[bucketIdentity] = new ManagedFieldsEntry(bucketIdentity, entry.ApiVersion, entry.Time, entry.Fields.Union(bucket.Fields));
            count--;
        }
    }

    /// <summary>True when <paramref name="list"/> asks to reset tracking (<c>[]</c> or <c>[{}]</c>).</summary>
    public static bool IsReset(JsonNode? list) =>
        list is JsonArray array && (array.Count == 0 || (array.Count == 1 && array[0] is JsonObject { Count: 0 }));

    /// <summary>Reads a <c>managedFields</c> list (absent or null: none).</summary>
    /// <exception cref="FormatException">An entry is not a valid <c>ManagedFieldsEntry</c>.</exception>
    public static ManagedFields Decode(JsonNode? list)
    {
        var result = new ManagedFields();
        if (list is null)
        {
            return result;
        }

        if (list is not JsonArray array)
        {
            throw new FormatException("managedFields must be a list");
        }

        foreach (var item in array)
        {
            if (item is not JsonObject entry)
            {
                throw new FormatException("managedFields entries must be objects");
            }

            var fieldsType = Text(entry, "fieldsType");
            if (fieldsType is not (null or FieldsType))
            {
                throw new FormatException($"invalid fieldsType \"{fieldsType}\"");
            }

            var operation = Text(entry, "operation") ?? string.Empty;
            var apiVersion = Text(entry, "apiVersion") ?? string.Empty;
            var identity = ManagerIdentity.Of(Text(entry, "manager") ?? string.Empty, operation, apiVersion, Text(entry, "subresource"));
            var fields = entry["fieldsV1"] switch
            {
                null => new FieldSet(),
                JsonObject v1 => FieldSet.FromFieldsV1(v1),
                _ => throw new FormatException("fieldsV1 must be an object"),
            };
            if (result._entries.TryGetValue(identity, out var existing))
            {
                fields = existing.Fields.Union(fields);
            }

            result._entries[identity] = new ManagedFieldsEntry(identity, apiVersion, Text(entry, "time"), fields);
        }

        return result;
    }

    /// <summary>Writes the entries into <paramref name="obj"/>'s <c>metadata.managedFields</c>, in kube-apiserver's order; none removes the field.</summary>
    public void EncodeInto(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            if (_entries.Count == 0)
            {
                return;
            }

            metadata = [];
            obj["metadata"] = metadata;
        }

        if (_entries.Count == 0)
        {
            metadata.Remove("managedFields");
            return;
        }

        var list = new JsonArray();
        foreach (var entry in _entries.Values)
        {
            var json = new JsonObject
            {
                ["manager"] = entry.Identity.Manager,
                ["operation"] = entry.Identity.Operation,
                ["apiVersion"] = entry.ApiVersion,
            };
            if (entry.Time is not null)
            {
                json["time"] = entry.Time;
            }

            json["fieldsType"] = FieldsType;
            json["fieldsV1"] = entry.Fields.ToFieldsV1();
            if (entry.Identity.Subresource is not null)
            {
                json["subresource"] = entry.Identity.Subresource;
            }

            list.Add(json);
        }

        ManagedFieldsJson.Sort(list);
        metadata["managedFields"] = list;
    }

    /// <summary>The RFC 3339 spelling of a <c>metav1.Time</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static long Seconds(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, out var parsed) ? parsed.ToUnixTimeSeconds() : 0;

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
