using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Patching;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Serialization;

namespace Harness.EnvTest.Core;

/// <summary>PATCH: content-type dispatch to the patch formats; the result goes through the update path.</summary>
public sealed partial class ApiServer
{
    private static readonly string[] BuiltInPatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    private static readonly string[] CustomPatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];

    private async ValueTask<ApiResponse> PatchAsync(ResourceDefinition def, Route route, ApiRequest request, CancellationToken cancellationToken)
    {
        var format = ParsePatchFormat(def, request.ContentType);
        if (request.Body.Length > BodyDecoder.MaxRequestBodyBytes)
        {
            throw ApiErrors.BodyTooLarge(BodyDecoder.MaxRequestBodyBytes);
        }

        var body = request.Body;
        return await UpdateObjectAsync(def, route.Namespace, route.Name!, route.Subresource, request, null,
            old => ApplyPatch(format, def, old, body.Span), cancellationToken);
    }

    private static PatchFormat ParsePatchFormat(ResourceDefinition def, string? contentType)
    {
        var type = MediaType.Parse(contentType ?? string.Empty).Type;
        PatchFormat? format = type switch
        {
            "application/json-patch+json" => PatchFormat.JsonPatch,
            "application/merge-patch+json" => PatchFormat.MergePatch,
            "application/strategic-merge-patch+json" when !def.IsCustom => PatchFormat.StrategicMergePatch,
            "application/apply-patch+yaml" => PatchFormat.ApplyPatch,
            _ => null,
        };
        return format ?? throw ApiErrors.UnsupportedMediaType(def.IsCustom ? CustomPatchTypes : BuiltInPatchTypes);
    }

    private static JsonObject ApplyPatch(PatchFormat format, ResourceDefinition def, JsonObject old, ReadOnlySpan<byte> patch) =>
        throw ApiErrors.Internal($"{format} patches of {def.Plural} are not served yet");
}
