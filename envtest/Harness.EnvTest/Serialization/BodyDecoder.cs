using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Serialization.Protobuf;
using YamlDotNet.Core;

namespace Harness.EnvTest.Serialization;

/// <summary>Reads request bodies (JSON, YAML or protobuf) as kube-apiserver's decoders do, with their errors.</summary>
internal static class BodyDecoder
{
    public const int MaxRequestBodyBytes = 3 * 1024 * 1024;

    /// <summary>The media types kube lists in its 415 for a create or update body, in its order.</summary>
    public static readonly IReadOnlyList<string> AcceptedBodyTypes = ["application/json", "application/yaml", ProtobufBody.MediaType];

    /// <summary>
    /// Decodes an object body of <paramref name="def"/>'s kind, with the strict decoding errors of the keys it repeats (the
    /// last value wins), worded as kube's decoders word them: <c>duplicate field "metadata.name"</c> for JSON, one
    /// <c>yaml: unmarshal errors:</c> for YAML. A protobuf body is read as <see cref="ProtobufKinds.FormOf"/> says.
    /// </summary>
    public static JsonObject DecodeObject(ApiRequest request, ResourceDefinition def, out IReadOnlyList<string> duplicateFieldErrors)
    {
        var expectedKind = def.Kind;
        var node = Decode(request, expectedKind, def.ApiVersion, ProtobufKinds.FormOf(def), out duplicateFieldErrors);
        if (node is not JsonObject obj)
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): couldn't get version/kind; json parse error: expected a JSON object ({Summary(request.Body.Span)})");
        }

        return obj;
    }

    /// <summary>The media type a body is read as: its <c>Content-Type</c>'s, or without one JSON, as kube-apiserver reads it (kubectl create --raw sends none).</summary>
    public static string MediaTypeOf(ApiRequest request) =>
        string.IsNullOrEmpty(request.ContentType) ? "application/json" : MediaType.Parse(request.ContentType).Type;

    /// <summary>Decodes a DeleteOptions body (JSON, YAML or protobuf), or null when the body is empty.</summary>
    public static JsonNode? DecodeDeleteOptions(ApiRequest request) =>
        Decode(request, ProtobufKinds.DeleteOptionsKind, "meta.k8s.io/v1", ProtobufForm.Message, out _);

    /// <summary><paramref name="defaultApiVersion"/>: what a protobuf body that names no apiVersion defaults to.</summary>
    private static JsonNode? Decode(ApiRequest request, string expectedKind, string defaultApiVersion, ProtobufForm protobuf, out IReadOnlyList<string> duplicateFieldErrors)
    {
        duplicateFieldErrors = [];
        if (request.Body.Length > MaxRequestBodyBytes)
        {
            throw ApiErrors.BodyTooLarge(MaxRequestBodyBytes);
        }

        var mediaType = MediaTypeOf(request);
        try
        {
            return mediaType switch
            {
                "application/json" => DecodeJson(request.Body.Span, out duplicateFieldErrors),
                "application/yaml" or "application/x-yaml" or "text/yaml" => DecodeYaml(request.Body.Span, out duplicateFieldErrors),
                ProtobufBody.MediaType => ProtobufBody.Decode(request.Body.Span, defaultApiVersion, expectedKind, protobuf),
                _ => throw ApiErrors.UnsupportedMediaType(AcceptedBodyTypes),
            };
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): couldn't get version/kind; json parse error: {e.Message} ({Summary(request.Body.Span)})");
        }
        catch (YamlException e)
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): yaml: {GoYamlSyntaxError.Describe(e)} ({Summary(request.Body.Span)})");
        }
    }

    private static JsonNode? DecodeJson(ReadOnlySpan<byte> body, out IReadOnlyList<string> duplicateFieldErrors)
    {
        var duplicates = FieldValidation.DuplicateFields.Find(body);
        duplicateFieldErrors = duplicates?.Select(FieldValidation.StrictDecodingErrors.DuplicateField).ToList() ?? [];
        return duplicates is null
            ? JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 10000 })
            : FieldValidation.DuplicateFields.ParseLastWins(body);
    }

    private static JsonNode? DecodeYaml(ReadOnlySpan<byte> body, out IReadOnlyList<string> duplicateFieldErrors)
    {
        var duplicateKeys = new List<string>();
        var node = YamlJson.Convert(Encoding.UTF8.GetString(body), duplicateKeys);
        duplicateFieldErrors = duplicateKeys.Count == 0 ? [] : [FieldValidation.StrictDecodingErrors.Yaml(duplicateKeys)];
        return node;
    }

    /// <summary>kube's <c>summarizeData</c>: the body's first 30 bytes, as text when it starts as a JSON object, else in hex.</summary>
    public static string Summary(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "<empty>";
        }

        var start = body.Length > 30 ? body[..30] : body;
        var text = body[0] == (byte)'{' ? Encoding.UTF8.GetString(start) : Convert.ToHexStringLower(start);
        return body.Length > 30 ? text + " ..." : text;
    }
}
