using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Harness.EnvTest.Protos.Meta;

namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>
/// Answers in kube's protobuf wire format, made from the JSON answer: the magic <c>k8s\0</c> and a <c>runtime.Unknown</c>
/// naming the kind, whose raw field holds the object (<see cref="ProtobufWriter"/>), the list (its ListMeta, then each
/// item as its kind's message) or the Status. A watch stream is a run of frames, each a WatchEvent (its type, and the
/// object's whole answer as a RawExtension) after its length in four big-endian bytes.
/// </summary>
internal static class ProtobufAnswer
{
    public const string StreamMediaType = ProtobufBody.MediaType + ";stream=watch";

    private const string ListSuffix = "List";
    private const string BlueprintAnnotation = "kubernetes.io/initial-events-list-blueprint";

    /// <summary>The answer <paramref name="json"/> (an object of a kind with a message, its list, or a Status) in protobuf.</summary>
    public static byte[] FromJson(ReadOnlySpan<byte> json)
    {
        return Envelope(JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 10000 })!.AsObject());
    }

    private static byte[] Envelope(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var kind = obj["kind"]!.GetValue<string>();
        using var buffer = new MemoryStream();
        buffer.Write(ProtobufBody.Magic);
        var output = new CodedOutputStream(buffer);
        using (var typeMeta = new MemoryStream())
        {
            var typeMetaOutput = new CodedOutputStream(typeMeta);
            typeMetaOutput.WriteTag(1, WireFormat.WireType.LengthDelimited);
            typeMetaOutput.WriteString(apiVersion);
            typeMetaOutput.WriteTag(2, WireFormat.WireType.LengthDelimited);
            typeMetaOutput.WriteString(kind);
            typeMetaOutput.Flush();
            Bytes(output, 1, typeMeta.ToArray());
        }

        Bytes(output, 2, Raw(obj, apiVersion, kind));
        Bytes(output, 3, []);
        Bytes(output, 4, []);
        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>The JSON watch frames (<c>{"type":…,"object":…}</c> and a line feed) as protobuf watch frames.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> WatchFrames(IAsyncEnumerable<ReadOnlyMemory<byte>> jsonFrames, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var frame in jsonFrames.WithCancellation(cancellationToken))
        {
            yield return WatchFrame(frame.Span);
        }
    }

    private static byte[] WatchFrame(ReadOnlySpan<byte> jsonFrame)
    {
        var watchEvent = JsonNode.Parse(jsonFrame, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 10000 })!.AsObject();
        using var buffer = new MemoryStream();
        buffer.Write(new byte[4]);
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(watchEvent["type"]!.GetValue<string>());
        using (var rawExtension = new MemoryStream())
        {
            var rawOutput = new CodedOutputStream(rawExtension);
            var obj = watchEvent["object"]!.AsObject();
            if (obj["metadata"]?["annotations"]?[BlueprintAnnotation] is JsonValue blueprint)
            {
                // The bookmark ending a watch-list's initial events carries the empty list in the stream's own encoding.
                obj["metadata"]!["annotations"]![BlueprintAnnotation] = Convert.ToBase64String(FromJson(Convert.FromBase64String(blueprint.GetValue<string>())));
            }

            Bytes(rawOutput, 1, Envelope(obj));
            rawOutput.Flush();
            Bytes(output, 2, rawExtension.ToArray());
        }

        output.Flush();
        var frame = buffer.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(frame.Length - 4));
        return frame;
    }

    private static byte[] Raw(JsonObject obj, string apiVersion, string kind)
    {
        if (Message(apiVersion, kind) is { } descriptor)
        {
            return ProtobufWriter.Write(obj, descriptor);
        }

        var item = kind.EndsWith(ListSuffix, StringComparison.Ordinal) ? Message(apiVersion, kind[..^ListSuffix.Length]) : null;
        if (item is null)
        {
            throw new InvalidOperationException($"{apiVersion} {kind} has no protobuf message here");
        }

        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        Bytes(output, 1, ProtobufWriter.Write(obj["metadata"], ListMeta.Descriptor));
        foreach (var element in obj["items"]?.AsArray() ?? [])
        {
            Bytes(output, 2, ProtobufWriter.Write(element, item));
        }

        output.Flush();
        return buffer.ToArray();
    }

    private static MessageDescriptor? Message(string apiVersion, string kind) =>
        kind == "Status" ? Status.Descriptor : ProtobufKinds.Find(apiVersion, kind);

    private static void Bytes(CodedOutputStream output, int number, byte[] bytes)
    {
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(bytes));
    }
}
