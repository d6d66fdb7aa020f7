using System.Text.Json.Nodes;
using Google.Protobuf;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Protos.Runtime;

namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>
/// Reads a body in kube's protobuf wire format (<c>application/vnd.kubernetes.protobuf</c>): the magic <c>k8s\0</c>,
/// then a <c>runtime.Unknown</c> whose typeMeta names the kind and whose raw field holds the object's own message.
/// The object comes out as the JSON a client would have sent for it, with kube's 400 answers for bodies it cannot read.
/// </summary>
internal static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    /// <summary>The four bytes every protobuf body and answer starts with: <c>k8s\0</c>.</summary>
    public static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    /// <summary>
    /// Decodes <paramref name="body"/>; an apiVersion or kind missing from its typeMeta defaults to
    /// <paramref name="defaultApiVersion"/> and <paramref name="expectedKind"/>, as kube's decoder defaults them.
    /// A kind without a protobuf form here comes out as its apiVersion and kind alone, for the caller to reject.
    /// For <see cref="ProtobufForm.Unstructured"/> (a custom resource) any body is a panic: apiextensions-apiserver 1.32
    /// negotiates protobuf but its <c>schemaCoercingDecoder</c> has no protobuf decoder to delegate to (a nil dereference).
    /// </summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body, string defaultApiVersion, string expectedKind, ProtobufForm form)
    {
        if (form == ProtobufForm.Unstructured)
        {
            throw new HandlerPanicException("runtime error: invalid memory address or nil pointer dereference (schemaCoercingDecoder.Decode)");
        }

        if (body.Length == 0)
        {
            throw Unrecognized(expectedKind, "empty data", body);
        }

        if (!body.StartsWith(Magic))
        {
            throw Unrecognized(expectedKind, "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]", body);
        }

        if (body.Length == Magic.Length)
        {
            throw Unrecognized(expectedKind, "empty body", body);
        }

        Unknown unknown;
        try
        {
            GogoWireCheck.Check(body[Magic.Length..], Unknown.Descriptor);
            unknown = Unknown.Parser.ParseFrom(body[Magic.Length..]);
        }
        catch (FormatException e)
        {
            throw Unrecognized(expectedKind, e.Message, body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Unrecognized(expectedKind, GoError(e), body);
        }

        var apiVersion = unknown.TypeMeta?.ApiVersion is { Length: > 0 } sentVersion ? sentVersion : defaultApiVersion;
        var kind = unknown.TypeMeta?.Kind is { Length: > 0 } sentKind ? sentKind : expectedKind;
        var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
        if (ProtobufKinds.Find(apiVersion, kind) is not { } descriptor)
        {
            return obj;
        }

        try
        {
            // kube's decoder skips field numbers its types do not have, so a newer client's fields are dropped, not refused.
            GogoWireCheck.Check(unknown.Raw.Span, descriptor);
            ProtobufJson.WriteFields(descriptor.Parser.WithDiscardUnknownFields(true).ParseFrom(unknown.Raw), obj);
        }
        catch (FormatException e)
        {
            throw CannotHandle(apiVersion, kind, expectedKind, e.Message);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw CannotHandle(apiVersion, kind, expectedKind, GoError(e));
        }

        return obj;
    }

    /// <summary>kube's <c>transformDecodeError</c> when the body names its kind.</summary>
    private static ApiStatusException CannotHandle(string apiVersion, string kind, string expectedKind, string error)
    {
        var version = apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return ApiErrors.CannotBeHandled(kind, version, expectedKind, error);
    }

    /// <summary>kube's <c>transformDecodeError</c> when the body names no kind: the error and a hex summary of the body.</summary>
    private static ApiStatusException Unrecognized(string expectedKind, string error, ReadOnlySpan<byte> body) =>
        ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): {error} ({Summary(body)})");

    private static string Summary(ReadOnlySpan<byte> body)
    {
        if (body.Length == 0)
        {
            return "<empty>";
        }

        var head = body.Length > 30 ? body[..30] : body;
        var text = body[0] == (byte)'{' ? System.Text.Encoding.UTF8.GetString(head) : Convert.ToHexStringLower(head);
        return body.Length > 30 ? text + " ..." : text;
    }

    /// <summary>The words of the gogo-protobuf unmarshaller kube uses for the same fault.</summary>
    private static string GoError(InvalidProtocolBufferException e) => e.Message switch
    {
        var m when m.StartsWith("While parsing a protocol message, the input ended unexpectedly", StringComparison.Ordinal) => "unexpected EOF",
        var m when m.Contains("negative size", StringComparison.Ordinal) => "proto: negative length found during unmarshaling",
        var m when m.Contains("malformed varint", StringComparison.Ordinal) => "proto: integer overflow",
        var m => "proto: " + m,
    };
}
