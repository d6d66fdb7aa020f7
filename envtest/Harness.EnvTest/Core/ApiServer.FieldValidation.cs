using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Patching;
using Harness.EnvTest.Patching.JsonPatch;
using Harness.EnvTest.Patching.MergePatch;
using Harness.EnvTest.Patching.ServerSideApply;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Schema;
using Harness.EnvTest.Serialization;
using Harness.EnvTest.Serialization.Protobuf;

namespace Harness.EnvTest.Core;

/// <summary>
/// <c>fieldValidation</c> (Ignore, Warn, Strict) on create, update and patch: duplicate fields found while decoding
/// the body and unknown fields dropped by pruning are ignored, answered as warnings, or rejected, as kube-apiserver does.
/// </summary>
public sealed partial class ApiServer
{
    private const int MaxStrictErrors = 100;

    private static readonly IReadOnlySet<string> JsonPatchOperationFields = new HashSet<string>(["op", "path", "from", "value"], StringComparer.Ordinal);

    /// <summary>
    /// Decodes a create or update body, keeping its strict decoding errors for <see cref="ReportUnknownFields"/>: repeated keys,
    /// and for a built-in kind the fields its Go type does not have, dropped here at any depth as kube's decoder drops them.
    /// A built-in body with a value of the wrong JSON type answers 400 whatever <c>fieldValidation</c> says.
    /// </summary>
    private static JsonObject DecodeBody(ResourceDefinition def, ApiRequest request)
    {
        FieldValidationQuery.Read(request.Query, FieldValidationQuery.OptionsKind(request.Method));
        var obj = BodyDecoder.DecodeObject(request, def, out var duplicates);
        if (def.Model is not { } model)
        {
            request.StrictErrors.AddRange(duplicates);
            return obj;
        }

        var fields = FieldShape.Of(model);
        var mediaType = BodyDecoder.MediaTypeOf(request);
        if (mediaType != ProtobufBody.MediaType
            && BuiltInTypeChecker.FirstError(obj, fields, mediaType == "application/json" ? UnknownFieldOrder.Document : UnknownFieldOrder.SortedKeys) is { } typeError)
        {
            throw ApiErrors.CannotBeHandled(def.Kind, def.Version, def.Kind, typeError);
        }

        switch (mediaType)
        {
            case "application/json":
                var unknown = BuiltInFieldPruner.Prune(obj, fields, UnknownFieldOrder.Document);

                // Repeated keys and unknown fields come in one list, in document order: only a second scan of the body interleaves them.
                request.StrictErrors.AddRange(duplicates.Count == 0 ? unknown.Select(StrictDecodingErrors.UnknownField) : StrictFieldScanner.Find(request.Body.Span, fields));
                break;
            case ProtobufBody.MediaType:
                BuiltInFieldPruner.Prune(obj, fields, UnknownFieldOrder.Document);
                break;
            default:
                // YAML reaches kube's JSON decoder as Go re-marshals it, with sorted keys.
                request.StrictErrors.AddRange(duplicates);
                request.StrictErrors.AddRange(BuiltInFieldPruner.Prune(obj, fields, UnknownFieldOrder.SortedKeys).Select(StrictDecodingErrors.UnknownField));
                break;
        }

        return obj;
    }

    /// <summary>
    /// A patched built-in object is decoded as kube decodes it: the result of a merge or JSON patch as JSON Go marshalled
    /// from a map (sorted keys), a strategic merge patch's through the unstructured converter; their unknown fields are
    /// dropped and their errors kept, after the patch body's own, for <see cref="ReportUnknownFields"/>. What server-side
    /// apply merged passed structured-merge-diff's schema check; what that leaves free-form but the Go type does not decode
    /// is dropped silently. A merge or JSON patch whose result has a value of the wrong JSON type answers 422 on <c>patch</c>,
    /// the decoder's error trumping any strict decoding errors.
    /// </summary>
    private static void CheckPatchedFields(ResourceDefinition def, PatchFormat format, JsonObject patched, ApiRequest request)
    {
        if (def.Model is not { } model)
        {
            return;
        }

        if (format is PatchFormat.MergePatch or PatchFormat.JsonPatch
            && BuiltInTypeChecker.FirstError(patched, FieldShape.Of(model), UnknownFieldOrder.SortedKeys) is { } typeError)
        {
            request.StrictErrors.Clear();
            throw InvalidPatch(request, patched, typeError);
        }

        var order = format switch
        {
            PatchFormat.StrategicMergePatch => UnknownFieldOrder.Unstructured,
            PatchFormat.ApplyPatch => UnknownFieldOrder.Document,
            _ => UnknownFieldOrder.SortedKeys,
        };
        var unknown = BuiltInFieldPruner.Prune(patched, FieldShape.Of(model), order);
        if (format != PatchFormat.ApplyPatch)
        {
            request.StrictErrors.AddRange(unknown.Select(StrictDecodingErrors.UnknownField));
        }
    }

    /// <summary>
    /// Drops the fields the resource does not know. A custom resource is pruned by its CRD schema (the paths returned sorted, as
    /// apiextensions-apiserver reports them); a built-in's body was pruned as it was decoded, so only what admission
    /// returned (<paramref name="decoded"/> false) is pruned here, silently, as kube decodes a mutated object.
    /// </summary>
    private static IReadOnlyList<string> PruneUnknownFields(ResourceDefinition def, JsonObject obj, bool decoded)
    {
        if (def.Schema is { } schema)
        {
            var pruned = schema.PruneAndReportUnknownFields(obj);
            return pruned.Count < 2 ? pruned : [.. pruned.Order(StringComparer.Ordinal)];
        }

        if (!decoded && def.StorageModel is { } model)
        {
            BuiltInFieldPruner.Prune(obj, FieldShape.Of(model), UnknownFieldOrder.Document);
        }

        return [];
    }

    /// <summary>
    /// Applies the request's <c>fieldValidation</c> to what decoding found: Strict rejects (400 on create and update,
    /// 422 on patch, as kube's handlers answer), Warn adds a warning per finding, Ignore drops them.
    /// </summary>
    private static void ReportUnknownFields(ResourceDefinition def, ApiRequest request, JsonObject obj, IReadOnlyList<string> unknown)
    {
        var directive = FieldValidationQuery.Read(request.Query, FieldValidationQuery.OptionsKind(request.Method));
        var findings = request.StrictErrors.Concat(unknown.Select(StrictDecodingErrors.UnknownField)).Distinct(StringComparer.Ordinal).Take(MaxStrictErrors).ToList();
        request.StrictErrors.Clear();
        if (findings.Count == 0 || directive == FieldValidationDirective.Ignore)
        {
            return;
        }

        if (directive == FieldValidationDirective.Warn)
        {
            AddWarnings(request, findings.SelectMany(StrictDecodingErrors.Warnings));
            return;
        }

        var error = "strict decoding error: " + string.Join(", ", findings);
        if (request.Method == "PATCH")
        {
            throw InvalidPatch(request, obj, error);
        }

        throw ApiErrors.CannotBeHandled(def.Kind, def.Version, def.Kind, error);
    }

    /// <summary>kube's answer to a patch whose result its decoder refuses: 422 on the field <c>patch</c>, valued as <see cref="PatchValue"/>.</summary>
    private static ApiStatusException InvalidPatch(ApiRequest request, JsonObject patched, string error) =>
        ApiErrors.Invalid(string.Empty, string.Empty, string.Empty, [FieldErrorFactory.InvalidRaw("patch", GoValueFormat.Quote(PatchValue(request, patched)), error)]);

    /// <summary>
    /// The value kube names in a patch's strict decoding error: the patch as a Go map (<c>map[spec:map[bogus:1]]</c>)
    /// for a strategic merge patch, the patched object's JSON for the others.
    /// </summary>
    private static string PatchValue(ApiRequest request, JsonObject patched) =>
        MediaType.Parse(request.ContentType ?? string.Empty).Type == "application/strategic-merge-patch+json"
            && DuplicateFields.ParseLastWins(request.Body.Span) is JsonObject patch
            ? GoValueFormat.Sprint(patch)
            : patched.ToJsonString();

    /// <summary>
    /// What kube's patch handler finds in a merge, strategic merge or JSON patch body itself: repeated keys, and for
    /// JSON patch also operation keys other than op, path, from and value (prefixed <c>json patch</c>); under Strict and
    /// Warn a JSON patch must also be a list of objects and a merge patch an object. Returns the body with repeated keys resolved, the last value
    /// winning, as Go's decoder reads it.
    /// </summary>
    private static ReadOnlyMemory<byte> CheckPatchBody(PatchFormat format, ApiRequest request, out IReadOnlyList<string> errors)
    {
        errors = [];
        var body = request.Body;
        try
        {
            var found = format switch
            {
                PatchFormat.JsonPatch => DuplicateFields.FindInOperations(body.Span, JsonPatchOperationFields)?.Select(e => "json patch " + e).ToList(),
                PatchFormat.MergePatch or PatchFormat.StrategicMergePatch => DuplicateFields.Find(body.Span)?.Select(StrictDecodingErrors.DuplicateField).ToList(),
                _ => null,
            };
            if (found is not null)
            {
                errors = found;
                body = Encoding.UTF8.GetBytes(DuplicateFields.ParseLastWins(body.Span)?.ToJsonString() ?? "null");
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the patch itself answers it.
        }

        if (FieldValidationQuery.Read(request.Query, "PatchOptions") != FieldValidationDirective.Ignore)
        {
            var decoded = body;
            switch (format)
            {
                case PatchFormat.JsonPatch:
                    Patching(() => JsonPatchDocument.CheckOperationList(decoded.Span));
                    break;
                case PatchFormat.MergePatch:
                    Patching(() => JsonMergePatch.CheckObject(decoded.Span));
                    break;
            }
        }

        return body;
    }

    /// <summary>Server-side apply's check of its body for repeated keys: 400 under Strict, a warning per key under Warn.</summary>
    private static void ReportApplyDuplicates(ApiRequest request)
    {
        var directive = FieldValidationQuery.Read(request.Query, "PatchOptions");
        var keys = directive == FieldValidationDirective.Ignore ? [] : ApplyConfigurationReader.DuplicateKeys(request.Body.Span);
        if (keys.Count == 0)
        {
            return;
        }

        var error = StrictDecodingErrors.ConvertedYaml(keys);
        if (directive == FieldValidationDirective.Strict)
        {
            throw ApiErrors.BadRequest("error strict decoding YAML: " + error);
        }

        AddWarnings(request, StrictDecodingErrors.Warnings(error));
    }

    private static void AddWarnings(ApiRequest request, IEnumerable<string> warnings) =>
        request.Warnings.AddRange(warnings.Distinct(StringComparer.Ordinal).Where(w => !request.Warnings.Contains(w)).ToList());

    private static ApiResponse WithWarnings(ApiResponse response, ApiRequest request)
    {
        if (request.Warnings.Count > 0)
        {
            response.Warnings = [.. request.Warnings];
        }

        return response;
    }
}
