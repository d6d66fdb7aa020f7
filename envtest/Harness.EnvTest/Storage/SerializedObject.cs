using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Serialization;

namespace Harness.EnvTest.Storage;

/// <summary>
/// An object serialized before its revision is known, so that the costly part of a write happens outside the
/// store lock: its JSON holds an empty <c>metadata.resourceVersion</c> whose place is remembered, and
/// <see cref="At"/> fills in the revision. The JSON waits in a pooled buffer, so a stored version costs one array.
/// </summary>
internal sealed class SerializedObject
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? scratch;

    private readonly int length;
    private readonly int versionAt;
    private byte[]? json;

    private SerializedObject(string ns, string name, string uid, byte[] json, int length, int versionAt, IReadOnlyDictionary<string, string>? labels)
    {
        Namespace = ns;
        Name = name;
        Uid = uid;
        this.json = json;
        this.length = length;
        this.versionAt = versionAt;
        Labels = labels;
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public IReadOnlyDictionary<string, string>? Labels { get; }

    /// <summary>
    /// Serializes <paramref name="obj"/> as <see cref="ObjectJson.Serialize"/> would with its revision in
    /// <c>metadata.resourceVersion</c>; sets that field to an empty placeholder in <paramref name="obj"/>, arranged as
    /// <paramref name="encoding"/> says (custom objects as kube writes one: <see cref="UnstructuredJson"/>).
    /// </summary>
    public static SerializedObject Of(JsonObject obj, string ns, string name, ObjectEncoding encoding)
    {
        var unstructured = encoding.IsUnstructured;
        var metadata = ObjectJson.Metadata(obj);

        // Not empty while arranged, which would drop an empty omitempty field.
        metadata["resourceVersion"] = "0";
        encoding.Arrange(obj);
        metadata["resourceVersion"] = string.Empty;
        var buffer = scratch ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var versionAt = -1;
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonOutput.Writer))
        {
            WriteObject(writer, obj, unstructured, (key, value) =>
            {
                if (!ReferenceEquals(value, metadata))
                {
                    return false;
                }

                WriteObject(writer, metadata, unstructured, (field, _) =>
                {
                    if (field == "resourceVersion")
                    {
                        writer.Flush();
                        versionAt = buffer.WrittenCount;
                    }

                    return false;
                });
                return true;
            });
        }

        var json = ArrayPool<byte>.Shared.Rent(buffer.WrittenCount);
        buffer.WrittenSpan.CopyTo(json);
        var length = buffer.WrittenCount;
        if (buffer.Capacity > 1024 * 1024)
        {
            scratch = null;
        }

        return new SerializedObject(ns, name, ObjectJson.String(metadata, "uid") ?? string.Empty, json, length, versionAt, ObjectJson.StringMap(metadata, "labels"));
    }

    /// <summary>The stored version at <paramref name="revision"/>: the JSON with <c>"resourceVersion":"{revision}"</c>. Called once.</summary>
    public StoredObject At(long revision)
    {
        var source = json ?? throw new InvalidOperationException("the serialized object is already stored");
        json = null;
        Span<byte> digits = stackalloc byte[20];
        revision.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture);
        var result = new byte[length + count];
        source.AsSpan(0, versionAt + 1).CopyTo(result);
        digits[..count].CopyTo(result.AsSpan(versionAt + 1));
        source.AsSpan(versionAt + 1, length - versionAt - 1).CopyTo(result.AsSpan(versionAt + 1 + count));
        ArrayPool<byte>.Shared.Return(source);
        return new StoredObject(StoredObject.KeyOf(Namespace, Name), Namespace, Name, Uid, revision, result, Labels);
    }

    /// <summary>Writes <paramref name="obj"/>'s properties, each value by <paramref name="written"/> when it returns true (after its name).</summary>
    private static void WriteObject(Utf8JsonWriter writer, JsonObject obj, bool unstructured, Func<string, JsonNode?, bool> written)
    {
        writer.WriteStartObject();
        if (unstructured)
        {
            var properties = UnstructuredJson.Sorted(obj, out var rented);
            foreach (var (key, value) in properties)
            {
                WriteProperty(writer, key, value, unstructured, written);
            }

            UnstructuredJson.Return(rented);
        }
        else
        {
            foreach (var (key, value) in obj)
            {
                WriteProperty(writer, key, value, unstructured, written);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string key, JsonNode? value, bool unstructured, Func<string, JsonNode?, bool> written)
    {
        writer.WritePropertyName(key);
        if (written(key, value))
        {
            return;
        }

        if (unstructured)
        {
            UnstructuredJson.Write(writer, value);
        }
        else if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
