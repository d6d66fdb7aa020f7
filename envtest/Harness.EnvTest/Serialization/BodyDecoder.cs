using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using YamlDotNet.Core;

namespace Harness.EnvTest.Serialization;

/// <summary>Reads request bodies (JSON or YAML) as kube-apiserver's decoders do, with their errors.</summary>
internal static class BodyDecoder
{
    public const int MaxRequestBodyBytes = 3 * 1024 * 1024;

    public static readonly IReadOnlyList<string> AcceptedBodyTypes = ["application/json", "application/yaml"];

    /// <summary>Decodes an object body; <paramref name="expectedKind"/> names the type in errors.</summary>
    public static JsonObject DecodeObject(ApiRequest request, string expectedKind) => DecodeObject(request, expectedKind, out _);

    /// <summary>
    /// Decodes an object body, with the strict decoding errors of the keys it repeats (the last value wins), worded as
    /// kube's decoders word them: <c>duplicate field "metadata.name"</c> for JSON, one <c>yaml: unmarshal errors:</c> for YAML.
    /// </summary>
    public static JsonObject DecodeObject(ApiRequest request, string expectedKind, out IReadOnlyList<string> duplicateFieldErrors)
    {
        var node = Decode(request, expectedKind, out duplicateFieldErrors);
        if (node is not JsonObject obj)
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): couldn't get version/kind; json parse error: expected a JSON object ({Summary(request.Body.Span)})");
        }

        return obj;
    }

    /// <summary>Decodes any JSON or YAML body (objects, DeleteOptions), or null when the body is empty.</summary>
    public static JsonNode? Decode(ApiRequest request, string expectedKind) => Decode(request, expectedKind, out _);

    private static JsonNode? Decode(ApiRequest request, string expectedKind, out IReadOnlyList<string> duplicateFieldErrors)
    {
        duplicateFieldErrors = [];
        if (request.Body.Length > MaxRequestBodyBytes)
        {
            throw ApiErrors.BodyTooLarge(MaxRequestBodyBytes);
        }

        // Without a Content-Type, kube-apiserver reads the body as its first supported type, JSON (kubectl create --raw sends none).
        var mediaType = string.IsNullOrEmpty(request.ContentType) ? "application/json" : MediaType.Parse(request.ContentType).Type;
        try
        {
            return mediaType switch
            {
                "application/json" => DecodeJson(request.Body.Span, out duplicateFieldErrors),
                "application/yaml" or "application/x-yaml" or "text/yaml" => DecodeYaml(request.Body.Span, out duplicateFieldErrors),
                _ => throw ApiErrors.UnsupportedMediaType(AcceptedBodyTypes),
            };
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): couldn't get version/kind; json parse error: {e.Message} ({Summary(request.Body.Span)})");
        }
        catch (YamlException e)
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {expectedKind}): error converting YAML to JSON: yaml: {e.Message} ({Summary(request.Body.Span)})");
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

    private static string Summary(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Length > 30 ? body[..30] : body);
        return body.Length > 30 ? text + "..." : text;
    }
}
