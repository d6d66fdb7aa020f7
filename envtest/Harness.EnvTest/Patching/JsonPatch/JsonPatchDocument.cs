using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Patching.JsonPatch;

/// <summary>
/// JSON patch (RFC 6902), <c>application/json-patch+json</c>, with the behaviour and error texts of
/// the library kube-apiserver uses (evanphx/json-patch v4): <c>replace</c> of an absent object member
/// adds it, negative array indices count from the end, a <c>value</c> of <c>null</c> matches an
/// absent member in <c>test</c>.
/// </summary>
internal sealed class JsonPatchDocument
{
    /// <summary>kube-apiserver's limit on the number of operations in one patch.</summary>
    public const int MaxOperations = 10000;

    private readonly IReadOnlyList<JsonObject?> _operations;

    private JsonPatchDocument(IReadOnlyList<JsonObject?> operations) => _operations = operations;

    /// <summary>
    /// kube-apiserver's strict read of the body under <c>fieldValidation</c> Strict and Warn, before the patch is applied:
    /// a list of operation objects (malformed JSON is left to <see cref="Parse"/>). Reads tokens only.
    /// </summary>
    /// <exception cref="PatchException">400 <c>error decoding patch: json: cannot unmarshal ...</c>.</exception>
    public static void CheckOperationList(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 10000 });
        try
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Undecodable(ref reader, "[]handlers.jsonPatchOp");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.Null))
                {
                    throw Undecodable(ref reader, "handlers.jsonPatchOp");
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: Parse answers it.
        }
    }

    private static PatchException Undecodable(ref Utf8JsonReader reader, string goType) =>
        PatchException.BadRequest($"error decoding patch: json: cannot unmarshal {GoValueFormat.Kind(JsonElement.ParseValue(ref reader).ValueKind)} into Go value of type {goType}");

    /// <summary>Reads a patch document.</summary>
    /// <exception cref="PatchException">400 when the body is not a JSON array of objects; 413 past <see cref="MaxOperations"/>.</exception>
    public static JsonPatchDocument Parse(ReadOnlySpan<byte> body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest(e.Message);
        }

        if (root is null)
        {
            return new JsonPatchDocument([]);
        }

        if (root is not JsonArray array)
        {
            throw PatchException.BadRequest($"json: cannot unmarshal {GoValueFormat.Kind(root.GetValueKind())} into Go value of type jsonpatch.Patch");
        }

        var operations = new List<JsonObject?>(array.Count);
        foreach (var item in array)
        {
            if (item is not null and not JsonObject)
            {
                throw PatchException.BadRequest($"json: cannot unmarshal {GoValueFormat.Kind(item.GetValueKind())} into Go value of type jsonpatch.Operation");
            }

            operations.Add(item as JsonObject);
        }

        if (operations.Count > MaxOperations)
        {
            throw new PatchException(
                413,
                "RequestEntityTooLarge",
                $"Request entity too large: The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        return new JsonPatchDocument(operations);
    }

    /// <summary>Applies the operations in order to a copy of <paramref name="document"/>.</summary>
    /// <exception cref="PatchException">422 with the library's error as cause when an operation fails.</exception>
    public JsonNode Apply(JsonNode document)
    {
        var root = new Root(document.DeepClone());
        foreach (var operation in _operations)
        {
            var error = ApplyOne(root, operation ?? []);
            if (error is not null)
            {
                throw PatchException.Unprocessable(error);
            }
        }

        return root.Document;
    }

    private static string? ApplyOne(Root root, JsonObject operation)
    {
        var kind = operation["op"] is JsonValue op && op.TryGetValue<string>(out var name) ? name : "unknown";
        return kind switch
        {
            "add" => Add(root, operation),
            "remove" => Remove(root, operation),
            "replace" => Replace(root, operation),
            "move" => Move(root, operation),
            "copy" => Copy(root, operation),
            "test" => Test(root, operation),
            _ => $"Unexpected kind: {kind}",
        };
    }

    private static string? Add(Root root, JsonObject operation)
    {
        if (ReadString(operation, "path") is not { } path)
        {
            return "add operation failed to decode path: missing value";
        }

        if (root.Find(path) is not { } target)
        {
            return $"add operation does not apply: doc is missing path: \"{path}\": missing value";
        }

        return target.Add(ValueOf(operation)) is { } error ? $"error in add for path: '{path}': {error}" : null;
    }

    private static string? Remove(Root root, JsonObject operation)
    {
        if (ReadString(operation, "path") is not { } path)
        {
            return "remove operation failed to decode path: missing value";
        }

        if (root.Find(path) is not { } target)
        {
            return $"remove operation does not apply: doc is missing path: \"{path}\": missing value";
        }

        return target.Remove() is { } error ? $"error in remove for path: '{path}': {error}" : null;
    }

    private static string? Replace(Root root, JsonObject operation)
    {
        if (ReadString(operation, "path") is not { } path)
        {
            return "replace operation failed to decode path: operation missing path field: missing value";
        }

        if (path.Length == 0)
        {
            var value = ValueOf(operation);
            if (value is not (JsonObject or JsonArray))
            {
                return "replace operation value must be object or array";
            }

            root.Document = value;
            return null;
        }

        if (root.Find(path) is not { } target)
        {
            return $"replace operation does not apply: doc is missing path: {path}: missing value";
        }

        if (target.Get(out _) is not null)
        {
            return $"replace operation does not apply: doc is missing key: {path}: missing value";
        }

        target.Set(ValueOf(operation));
        return null;
    }

    private static string? Move(Root root, JsonObject operation)
    {
        if (ReadString(operation, "from") is not { } from)
        {
            return "move operation failed to decode from: operation, missing from field: missing value";
        }

        if (root.Find(from) is not { } source)
        {
            return $"move operation does not apply: doc is missing from path: {from}: missing value";
        }

        if ((source.Get(out var value) ?? source.Remove()) is { } sourceError)
        {
            return $"error in move for path: '{source.Key}': {sourceError}";
        }

        if (ReadString(operation, "path") is not { } path)
        {
            return "move operation failed to decode path: operation missing path field: missing value";
        }

        if (root.Find(path) is not { } target)
        {
            return $"move operation does not apply: doc is missing destination path: {path}: missing value";
        }

        return target.Add(value) is { } error ? $"error in move for path: '{path}': {error}" : null;
    }

    private static string? Copy(Root root, JsonObject operation)
    {
        if (ReadString(operation, "from") is not { } from)
        {
            return "copy operation failed to decode from: operation, missing from field: missing value";
        }

        if (root.Find(from) is not { } source)
        {
            return $"copy operation does not apply: doc is missing from path: {from}: missing value";
        }

        if (source.Get(out var value) is { } sourceError)
        {
            return $"error in copy for from: '{from}': {sourceError}";
        }

        if (ReadString(operation, "path") is not { } path)
        {
            return "copy operation failed to decode path: missing value";
        }

        if (root.Find(path) is not { } target)
        {
            return $"copy operation does not apply: doc is missing destination path: {path}: missing value";
        }

        return target.Add(value?.DeepClone()) is { } error ? $"error while adding value during copy: {error}" : null;
    }

    private static string? Test(Root root, JsonObject operation)
    {
        if (ReadString(operation, "path") is not { } path)
        {
            return "test operation failed to decode path: operation missing path field: missing value";
        }

        var expected = operation["value"];
        JsonNode? actual;
        if (path.Length == 0)
        {
            actual = root.Document;
        }
        else if (root.Find(path) is not { } target)
        {
            return $"test operation does not apply: is missing path: {path}: missing value";
        }
        else if (target.Get(out actual) is { } error)
        {
            return $"error in test for path: '{path}': {error}";
        }

        return JsonNode.DeepEquals(actual, expected) ? null : $"testing value {path} failed: test failed";
    }

    private static string? ReadString(JsonObject operation, string name) =>
        operation[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? ValueOf(JsonObject operation) => operation["value"]?.DeepClone();

    /// <summary>The document being patched; a <c>replace</c> of the root swaps it.</summary>
    private sealed class Root(JsonNode document)
    {
        public JsonNode Document { get; set; } = document;

        /// <summary>The container holding the pointer's last token, or null when a step on the way is missing.</summary>
        public Location? Find(string pointer)
        {
            var tokens = pointer.Split('/');
            if (tokens.Length < 2)
            {
                return null;
            }

            var container = Document;
            foreach (var raw in tokens.AsSpan(1, tokens.Length - 2))
            {
                var next = container switch
                {
                    JsonObject obj => obj[Unescape(raw)],
                    JsonArray array => ArrayIndex(array.Count, Unescape(raw), out var index) is null && index < array.Count ? array[index] : null,
                    _ => null,
                };
                if (next is not (JsonObject or JsonArray))
                {
                    return null;
                }

                container = next;
            }

            return container is JsonObject or JsonArray ? new Location(container, Unescape(tokens[^1])) : null;
        }

        private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    /// <summary>One member or element slot: a container and the last pointer token.</summary>
    private sealed class Location(JsonNode container, string key)
    {
        public string Key => key;

        public string? Get(out JsonNode? value)
        {
            value = null;
            if (container is JsonObject obj)
            {
                value = obj[key];
                return null;
            }

            var array = (JsonArray)container;
            if (ArrayIndex(array.Count, key, out var index) is { } error)
            {
                return error;
            }

            if (index >= array.Count)
            {
                return $"Unable to access invalid index: {index}: invalid index referenced";
            }

            value = array[index];
            return null;
        }

        public void Set(JsonNode? value)
        {
            if (container is JsonObject obj)
            {
                obj[key] = value;
                return;
            }

            var array = (JsonArray)container;
            _ = ArrayIndex(array.Count, key, out var index);
            array[index] = value;
        }

        public string? Add(JsonNode? value)
        {
            if (container is JsonObject obj)
            {
                obj[key] = value;
                return null;
            }

            var array = (JsonArray)container;
            if (key == "-")
            {
                array.Add(value);
                return null;
            }

            if (!int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            {
                return $"value was not a proper array index: '{key}': strconv.Atoi: parsing \"{key}\": invalid syntax";
            }

            var size = array.Count + 1;
            if (index >= size || index < -size)
            {
                return $"Unable to access invalid index: {index}: invalid index referenced";
            }

            array.Insert(index < 0 ? index + size : index, value);
            return null;
        }

        public string? Remove()
        {
            if (container is JsonObject obj)
            {
                return obj.Remove(key) ? null : $"Unable to remove nonexistent key: {key}: missing value";
            }

            var array = (JsonArray)container;
            if (ArrayIndex(array.Count, key, out var index) is { } error)
            {
                return error;
            }

            if (index >= array.Count)
            {
                return $"Unable to access invalid index: {index}: invalid index referenced";
            }

            array.RemoveAt(index);
            return null;
        }
    }

    /// <summary>Parses an array index, resolving a negative one from the end; the index may still be past the end.</summary>
    private static string? ArrayIndex(int count, string token, out int index)
    {
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index))
        {
            return $"strconv.Atoi: parsing \"{token}\": invalid syntax";
        }

        if (index < 0)
        {
            if (index < -count)
            {
                return $"Unable to access invalid index: {index}: invalid index referenced";
            }

            index += count;
        }

        return null;
    }
}
