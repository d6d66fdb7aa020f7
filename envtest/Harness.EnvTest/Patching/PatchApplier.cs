using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Patching.JsonPatch;
using Harness.EnvTest.Patching.MergePatch;
using Harness.EnvTest.Patching.ServerSideApply;
using Harness.EnvTest.Patching.StrategicMerge;
using Harness.EnvTest.Patching.TypeRules;

namespace Harness.EnvTest.Patching;

/// <summary>
/// The PATCH verb, as kube-apiserver's patch handler runs it: pure functions from the stored object
/// and the request body to the object to store, with <c>metadata.managedFields</c> kept up to date.
/// Errors are <see cref="PatchException"/>s carrying the status kube-apiserver answers.
/// </summary>
public static class PatchApplier
{
    private static readonly string[] BuiltInMediaTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    private static readonly string[] CustomResourceMediaTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];

    /// <summary>
    /// The patch format of a <c>Content-Type</c> (parameters such as <c>charset</c> ignored).
    /// </summary>
    /// <exception cref="PatchException">415 UnsupportedMediaType listing what the resource accepts.</exception>
    public static PatchFormat ParseContentType(string? contentType, bool isBuiltIn)
    {
        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim();
        var accepted = isBuiltIn ? BuiltInMediaTypes : CustomResourceMediaTypes;
        return accepted.Contains(mediaType, StringComparer.Ordinal)
            ? mediaType switch
            {
                "application/json-patch+json" => PatchFormat.JsonPatch,
                "application/merge-patch+json" => PatchFormat.MergePatch,
                "application/strategic-merge-patch+json" => PatchFormat.StrategicMergePatch,
                _ => PatchFormat.ApplyPatch,
            }
            : throw UnsupportedMediaType(accepted);
    }

    /// <summary>
    /// Checks the request before the object is read, in kube-apiserver's order: the media type
    /// (415; strategic merge patch is for built-in types only), then the patch options (422:
    /// <c>fieldManager</c> required for apply, <c>force</c> forbidden otherwise, names of at most 128 bytes).
    /// </summary>
    public static void ValidateOptions(PatchFormat format, PatchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (format == PatchFormat.StrategicMergePatch && !context.IsBuiltIn)
        {
            throw UnsupportedMediaType(CustomResourceMediaTypes);
        }

        var errors = new List<FieldError>();
        if (format != PatchFormat.ApplyPatch && context.Force is not null)
        {
            errors.Add(new FieldError("FieldValueForbidden", "force", "Forbidden: may not be specified for non-apply patch"));
        }

        if (format == PatchFormat.ApplyPatch && string.IsNullOrEmpty(context.FieldManager))
        {
            errors.Add(new FieldError("FieldValueRequired", "fieldManager", "Required value: is required for apply patch"));
        }

        errors.AddRange(FieldManagerName.Errors(context.FieldManager));
        if (errors.Count > 0)
        {
            throw FieldManagerName.InvalidOptions("PatchOptions", errors);
        }
    }

    /// <summary>
    /// Applies a PATCH body to the stored object and returns the object to store (a new instance;
    /// <paramref name="current"/> is not modified). The result carries updated
    /// <c>metadata.managedFields</c>: the core must not call <see cref="ManagedFieldsTracker.RecordUpdate"/> again for it.
    /// </summary>
    /// <param name="format">The patch format (<see cref="ParseContentType"/>).</param>
    /// <param name="current">The stored object; null only for <see cref="PatchFormat.ApplyPatch"/>, which then creates the object.</param>
    /// <param name="patchBody">The request body.</param>
    /// <param name="context">The resource and the request's options.</param>
    /// <exception cref="PatchException">The status kube-apiserver would answer.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="current"/> is null for a format that cannot create (answer 404 NotFound first).</exception>
    public static JsonObject Apply(PatchFormat format, JsonObject? current, ReadOnlyMemory<byte> patchBody, PatchContext context)
    {
        ValidateOptions(format, context);
        if (format == PatchFormat.ApplyPatch)
        {
            return ServerSideApply(current, patchBody.Span, context);
        }

        ArgumentNullException.ThrowIfNull(current);
        var patched = format switch
        {
            PatchFormat.JsonPatch => JsonPatchDocument.Parse(patchBody.Span).Apply(current),
            PatchFormat.MergePatch => JsonMergePatch.Apply(current, patchBody.Span),
            PatchFormat.StrategicMergePatch => StrategicMergePatch.Apply(current, patchBody.Span, TypeRuleSet.For(context)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown patch format"),
        };
        if (patched is not JsonObject result)
        {
            var text = patched?.ToJsonString() ?? "null";
            throw PatchException.InvalidPatchResult(text, $"json: cannot unmarshal {(patched is JsonArray ? "array" : "value")} into Go value of type map[string]interface {{}}");
        }

        ManagedFieldsTracker.RecordUpdate(current, result, FieldManagerName.Resolve(context.FieldManager, context.UserAgent), context);
        return result;
    }

    private static JsonObject ServerSideApply(JsonObject? current, ReadOnlySpan<byte> body, PatchContext context)
    {
        var config = ApplyConfigurationReader.Read(body);
        var apiVersion = config["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var av) ? av : string.Empty;
        var kind = config["kind"] is JsonValue k && k.TryGetValue<string>(out var kv) ? kv : string.Empty;
        if (apiVersion != context.ApiVersion || kind != context.Kind)
        {
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
            throw PatchException.BadRequest($"invalid object type: {group}/{version}, Kind={kind}");
        }

        if (config["metadata"] is JsonObject metadata && metadata["managedFields"] is not null)
        {
            throw PatchException.BadRequest("metadata.managedFields must be nil");
        }

        if (context.BuiltInFields is { } fields
            && UndeclaredFields.Check(config, fields, TypeRuleSet.For(context), context.Group, context.Version, context.Kind) is { } undeclared)
        {
            throw PatchException.Unclassified(undeclared);
        }

        return ManagedFieldsTracker.Apply(current, config, context);
    }

    private static PatchException UnsupportedMediaType(string[] accepted) => new(
        415,
        "UnsupportedMediaType",
        $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");
}
