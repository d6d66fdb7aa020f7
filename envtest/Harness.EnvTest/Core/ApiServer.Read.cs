using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Selectors;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Tables;

namespace Harness.EnvTest.Core;

/// <summary>Reads: get, list (selectors, paging, resourceVersion semantics) and Table output.</summary>
public sealed partial class ApiServer
{
    private static readonly Dictionary<string, string[]> ExtraFieldLabels = new(StringComparer.Ordinal)
    {
        ["/events"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["/pods"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["/secrets"] = ["type"],
        ["/namespaces"] = ["status.phase"],
    };

    private BufferedApiResponse Get(ResourceDefinition def, Route route, ApiRequest request, OutputFormat output)
    {
        var obj = store.Get(def.StorageKey, StoredObject.KeyOf(route.Namespace, route.Name!))
            ?? throw ApiErrors.NotFound(def.Plural, def.Group, route.Name!);
        if (output.Table)
        {
            var revision = obj.Revision.ToString(CultureInfo.InvariantCulture);
            return Json(200, Table(def, [Served(def, obj)], revision, null, null, ParseIncludeObject(request.Query)));
        }

        return Json(200, Served(def, obj));
    }

    private BufferedApiResponse List(ResourceDefinition def, string ns, ApiRequest request, OutputFormat output)
    {
        var query = request.Query;
        ListOptionsValidation.Validate(query, watch: false);
        var selector = ParseSelectors(def, query);
        var limit = query.TryGetValue("limit", out var limitText) && long.TryParse(limitText, CultureInfo.InvariantCulture, out var parsedLimit) && parsedLimit > 0 ? parsedLimit : 0;
        query.TryGetValue("resourceVersion", out var rvText);
        query.TryGetValue("resourceVersionMatch", out var match);
        long? at = null;
        string? start = null;
        if (query.TryGetValue("continue", out var token) && token.Length > 0)
        {
            if (!string.IsNullOrEmpty(rvText) && rvText != "0")
            {
                throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
            }

            (var revision, start) = ContinueToken.Decode(token, KeyPrefix(ns));
            at = revision;
            if (revision < store.CompactedThrough)
            {
                throw ApiErrors.ContinueExpired();
            }
        }
        else
        {
            at = ListRevision(rvText, match, limit);
        }

        var (items, listRevision) = store.List(def.StorageKey, ns, start, at);
        var selected = new List<StoredObject>();
        string? nextToken = null;
        long? remaining = null;
        for (var i = 0; i < items.Count; i++)
        {
            if (!selector(items[i]))
            {
                continue;
            }

            if (limit > 0 && selected.Count == limit)
            {
                nextToken = ContinueToken.Encode(listRevision, selected[^1].Key, KeyPrefix(ns));
                if (!query.ContainsKey("labelSelector") && !query.ContainsKey("fieldSelector"))
                {
                    remaining = items.Count - i;
                }

                break;
            }

            selected.Add(items[i]);
        }

        var revisionText = listRevision.ToString(CultureInfo.InvariantCulture);
        if (output.Table)
        {
            return Json(200, Table(def, selected.Select(o => Served(def, o)).ToList(), revisionText, nextToken, remaining, ParseIncludeObject(query)));
        }

        return Json(200, ListBody(def, revisionText, nextToken, remaining, selected.Select(obj => Served(def, obj)), selected.Sum(o => o.Json.Length + 1)));
    }

    /// <summary>
    /// A list of <paramref name="items"/> (JSON, <paramref name="size"/> bytes about): a built-in list's fields in its
    /// struct's order; a custom list as a Go map (keys sorted, <c>metadata.continue</c> always there), as kube encodes an
    /// <c>UnstructuredList</c>.
    /// </summary>
    private static byte[] ListBody(ResourceDefinition def, string revision, string? nextToken, long? remaining, IEnumerable<byte[]> items, int size)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + size);
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonOutput.Writer))
        {
            writer.WriteStartObject();
            if (def.IsCustom)
            {
                writer.WriteString("apiVersion", def.ApiVersion);
                WriteItems(writer, items);
                writer.WriteString("kind", def.ListKind);
                writer.WriteStartObject("metadata");
                writer.WriteString("continue", nextToken ?? string.Empty);
                WriteRemaining(writer, remaining);
                writer.WriteString("resourceVersion", revision);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("kind", def.ListKind);
                writer.WriteString("apiVersion", def.ApiVersion);
                writer.WriteStartObject("metadata");
                writer.WriteString("resourceVersion", revision);
                if (nextToken is not null)
                {
                    writer.WriteString("continue", nextToken);
                }

                WriteRemaining(writer, remaining);
                writer.WriteEndObject();
                WriteItems(writer, items.Select(WithoutTypeMeta));
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();

        static void WriteRemaining(Utf8JsonWriter writer, long? remaining)
        {
            if (remaining is { } count)
            {
                writer.WriteNumber("remainingItemCount", count);
            }
        }

        // A typed list's items are Go structs whose TypeMeta kube leaves empty: a built-in item comes without kind and apiVersion.
        static byte[] WithoutTypeMeta(byte[] item)
        {
            var reader = new Utf8JsonReader(item);
            reader.Read();
            var end = 1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (reader.ValueTextEquals("kind"u8) || reader.ValueTextEquals("apiVersion"u8)))
            {
                reader.Read();
                end = (int)reader.BytesConsumed;
            }

            return end == 1 ? item : item[end] == (byte)',' ? [(byte)'{', .. item.AsSpan(end + 1)] : "{}"u8.ToArray();
        }

        static void WriteItems(Utf8JsonWriter writer, IEnumerable<byte[]> items)
        {
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                writer.WriteRawValue(item, skipInputValidation: true);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>The store keys' prefix of a list in namespace <paramref name="ns"/> (empty: every namespace, or cluster-scoped).</summary>
    private static string KeyPrefix(string ns) => ns.Length == 0 ? string.Empty : ns + "/";

    /// <summary>The revision a list reads at (null: now), its options already validated (<see cref="ListOptionsValidation"/>).</summary>
    private long? ListRevision(string? rvText, string? match, long limit)
    {
        if (string.IsNullOrEmpty(rvText))
        {
            return null;
        }

        if (!long.TryParse(rvText, CultureInfo.InvariantCulture, out var rv) || rv < 0)
        {
            throw ApiErrors.BadRequest($"invalid resource version: strconv.ParseUint: parsing {FieldErrorFactory.Quote(rvText)}: invalid syntax");
        }

        switch (match)
        {
            case "NotOlderThan":
                return NotOlderThan(rv);
            case "Exact":
                var current = store.Revision;
                return rv > current ? throw ApiErrors.TooLargeResourceVersion(rv, current) : rv;
            default:
                return rv == 0 || limit == 0 ? NotOlderThan(rv) : rv;
        }
    }

    private long? NotOlderThan(long rv)
    {
        var current = store.Revision;
        return rv > current ? throw ApiErrors.TooLargeResourceVersion(rv, current) : null;
    }

    private static TableIncludeObject ParseIncludeObject(IReadOnlyDictionary<string, string> query) =>
        query.GetValueOrDefault("includeObject") switch
        {
            "None" => TableIncludeObject.None,
            "Object" => TableIncludeObject.Object,
            null or "" or "Metadata" => TableIncludeObject.Metadata,
            var other => throw ApiErrors.BadRequest(
                "Unable to convert to Table as requested: " + FieldErrorFactory.Invalid("includeObject", other, "must be 'Metadata', 'Object', 'None', or empty").Text),
        };

    /// <summary>
    /// A watch event whose object is a Table of the one changed object, as kube-apiserver streams them to
    /// <c>kubectl get -w</c>: the first event of a watch carries the column definitions, later ones only their row.
    /// </summary>
    private byte[] TableFrame(ResourceDefinition def, StoreEventType type, StoredObject obj, TableIncludeObject includeObject, bool withColumns)
    {
        var table = tableConverter.Convert(def, [ObjectJson.Parse(Served(def, obj))], includeObject);
        if (!withColumns)
        {
            table.Remove("columnDefinitions");
        }

        table["metadata"] = new JsonObject { ["resourceVersion"] = obj.Revision.ToString(CultureInfo.InvariantCulture) };
        var frame = new JsonObject
        {
            ["type"] = type switch
            {
                StoreEventType.Added => "ADDED",
                StoreEventType.Modified => "MODIFIED",
                _ => "DELETED",
            },
            ["object"] = table,
        };
        var bytes = ObjectJson.Serialize(frame);
        var line = new byte[bytes.Length + 1];
        bytes.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    private byte[] Table(ResourceDefinition def, IReadOnlyList<byte[]> objects, string? revision, string? continueToken, long? remaining, TableIncludeObject includeObject)
    {
        var parsed = objects.Select(o => ObjectJson.Parse(o)).ToList();
        var table = tableConverter.Convert(def, parsed, includeObject);
        var metadata = new JsonObject();
        if (revision is not null)
        {
            metadata["resourceVersion"] = revision;
        }

        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        if (remaining is { } count)
        {
            metadata["remainingItemCount"] = count;
        }

        table["metadata"] = metadata;
        return ObjectJson.Serialize(table);
    }

    /// <summary>The label and field selectors of a list or watch, as one predicate; bad selectors answer 400.</summary>
    private static Func<StoredObject, bool> ParseSelectors(ResourceDefinition def, IReadOnlyDictionary<string, string> query)
    {
        var labels = query.TryGetValue("labelSelector", out var labelText) ? LabelSelector.Parse(labelText) : LabelSelector.Everything;
        var fields = query.TryGetValue("fieldSelector", out var fieldText) ? FieldSelector.Parse(fieldText) : FieldSelector.Everything;
        var extra = def.IsCustom ? [] : ExtraFieldLabels.GetValueOrDefault(def.StorageKey) ?? [];
        var needsBody = false;
        foreach (var requirement in fields.Requirements)
        {
            if (requirement.Field is "metadata.name" or "metadata.namespace")
            {
                continue;
            }

            if (!extra.Contains(requirement.Field))
            {
                // Kinds with a field label conversion of their own (custom resources too) say it one way, the others another.
                throw ApiErrors.BadRequest(def.IsCustom || ExtraFieldLabels.ContainsKey(def.StorageKey)
                    ? $"field label not supported: {requirement.Field}"
                    : $"\"{requirement.Field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
            }

            needsBody = true;
        }

        if (labels.IsEverything && fields.Requirements.Count == 0)
        {
            return _ => true;
        }

        return obj =>
        {
            if (!labels.Matches(obj.Labels))
            {
                return false;
            }

            JsonObject? body = needsBody ? ObjectJson.Parse(obj.Json) : null;
            return fields.Matches(field => field switch
            {
                "metadata.name" => obj.Name,
                "metadata.namespace" => obj.Namespace,
                _ => FieldValue(body!, field),
            });
        };
    }

    private static string? FieldValue(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
