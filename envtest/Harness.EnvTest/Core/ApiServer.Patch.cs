using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Patching;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Serialization;
using Harness.EnvTest.Serialization.GoStructs;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>
/// PATCH: content-type dispatch to <see cref="PatchApplier"/>; the result goes through the update path, or,
/// for server-side apply of an absent object, through the create path. Also the managed-fields context every write shares.
/// </summary>
public sealed partial class ApiServer
{
    private static readonly string[] CustomPatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];

    private async ValueTask<ApiResponse> PatchAsync(ResourceDefinition def, Route route, ApiRequest request, CancellationToken cancellationToken)
    {
        var format = ParsePatchFormat(def, request.ContentType);
        var context = PatchContextFor(def, route.Subresource, request);
        Patching(() => PatchApplier.ValidateOptions(format, context));
        if (request.Body.Length > BodyDecoder.MaxRequestBodyBytes)
        {
            throw ApiErrors.BodyTooLarge(BodyDecoder.MaxRequestBodyBytes);
        }

        var body = CheckPatchBody(format, request, out var bodyErrors);
        var name = route.Name!;
        if (format == PatchFormat.ApplyPatch && route.Subresource is null && store.Get(def.StorageKey, StoredObject.KeyOf(route.Namespace, name)) is null)
        {
            var created = Patching(() => PatchApplier.Apply(format, null, body, context));
            ReportApplyDuplicates(request);
            CheckPatchedFields(def, format, created, request);
            CheckPatchedIdentity(def, route.Namespace, name, created);
            created = def.Converter?.ToStorage(created) ?? created;
            try
            {
                return await CreateObjectAsync(def, route.Namespace, created, request, recordManagedFields: false, cancellationToken);
            }
            catch (ApiStatusException e) when (e.Reason == "AlreadyExists")
            {
                // Another writer created it meanwhile: apply onto that object instead.
            }
        }

        return await UpdateObjectAsync(def, route.Namespace, name, route.Subresource, request, null, old =>
        {
            var served = def.Converter?.FromStorage(old) ?? old.DeepClone().AsObject();
            served["apiVersion"] = def.ApiVersion;
            var patched = Patching(() => PatchApplier.Apply(format, served, body, context));
            if (format == PatchFormat.ApplyPatch)
            {
                ReportApplyDuplicates(request);
            }
            else
            {
                DecodePatchedMicroTimes(def, request, patched);
            }

            request.StrictErrors.AddRange(bodyErrors);
            CheckPatchedFields(def, format, patched, request);
            CheckPatchedIdentity(def, route.Namespace, name, patched);
            return def.Converter?.ToStorage(patched) ?? patched;
        }, cancellationToken);
    }

    /// <summary>
    /// kube decodes a JSON, merge or strategic merge patch's result into the typed object: a MicroTime it cannot read
    /// answers 422 on the field <c>patch</c>, valued as for strict decoding errors.
    /// </summary>
    private static void DecodePatchedMicroTimes(ResourceDefinition def, ApiRequest request, JsonObject patched)
    {
        if (def.MicroTimeFields.Count == 0)
        {
            return;
        }

        var sent = patched.DeepClone().AsObject();
        try
        {
            MicroTimeJson.DecodeFields(patched, def.MicroTimeFields);
        }
        catch (FormatException e)
        {
            throw InvalidPatch(request, sent, e.Message);
        }
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
        return format ?? throw (def.IsCustom ? ApiErrors.UnsupportedMediaType(CustomPatchTypes) : ApiErrors.RouteUnsupportedMediaType());
    }

    /// <summary>The resource and request facts field management and patching need.</summary>
    private PatchContext PatchContextFor(ResourceDefinition def, string? subresource, ApiRequest request) => new()
    {
        Group = def.Group,
        Version = def.Version,
        Kind = def.Kind,
        IsBuiltIn = !def.IsCustom,
        Time = time.GetUtcNow(),
        FieldManager = request.Query.TryGetValue("fieldManager", out var manager) ? manager : null,
        Force = request.Query.TryGetValue("force", out var force) ? ParseBool(force) : null,
        UserAgent = request.UserAgent,
        Subresource = subresource,
        ResetFields = subresource switch
        {
            // A custom resource's status strategy resets only spec in managedFields (metadata it resets in the object alone).
            "status" when def.IsCustom => new HashSet<string> { "spec" },
            "status" => new HashSet<string> { "spec", "metadata" },
            null when def.HasStatus => new HashSet<string> { "status" },
            _ => new HashSet<string>(),
        },
        OpenApiV3Schema = def.Schema?.Source,
        BuiltInFields = def.Model is { } model ? FieldShape.Of(model) : null,
        Decoded = def.Model is { } decodedModel ? obj => AsDecoded(def, FieldShape.Of(decodedModel), obj) : def.Schema is null ? null : obj => AsDecoded(def, obj),
        ZeroObject = GoZeroObjects.Of(def.Model),
    };

    /// <summary>
    /// A copy of a built-in object as kube's field manager sees it: defaulted, the strategy's decoding (a Secret's <c>stringData</c> merged
    /// into <c>data</c>), then Go's struct as its encoder writes it (the zero values <c>omitempty</c> drops gone, the fields
    /// without it written when unset, a null sent read as the zero value).
    /// </summary>
    private static JsonObject AsDecoded(ResourceDefinition def, FieldShape shape, JsonObject obj)
    {
        var decoded = obj.DeepClone().AsObject();
        def.Strategy?.Default(decoded);
        def.Strategy?.Decode(decoded);
        GoStructArranger.Arrange(decoded, shape);
        return decoded;
    }

    /// <summary>A copy of a custom resource as kube's field manager sees it: its unknown fields pruned, its schema's defaults set.</summary>
    private static JsonObject AsDecoded(ResourceDefinition def, JsonObject obj)
    {
        var decoded = obj.DeepClone().AsObject();
        ApplySchema(def, decoded);
        return decoded;
    }

    /// <summary>Records a create or update in <c>metadata.managedFields</c> under the request's field manager.</summary>
    private void RecordUpdate(ResourceDefinition def, string? subresource, ApiRequest request, JsonObject? old, JsonObject obj)
    {
        var context = PatchContextFor(def, subresource, request);
        var manager = FieldManagerName.Resolve(context.FieldManager, context.UserAgent);
        if (def.Converter is not { ServesStoredForm: false } converter)
        {
            ManagedFieldsTracker.RecordUpdate(old, obj, manager, context);
            return;
        }

        // kube's field manager sees the object in the version the request addresses (events.k8s.io names, not core's).
        var served = converter.FromStorage(obj);
        ManagedFieldsTracker.RecordUpdate(old is null ? null : converter.FromStorage(old), served, manager, context);
        ObjectJson.SetOrRemove(ObjectJson.Metadata(obj), "managedFields", served["metadata"]?["managedFields"]);
    }

    /// <summary>422 for a <c>fieldManager</c> option kube-apiserver refuses (<paramref name="optionsKind"/>: CreateOptions, UpdateOptions).</summary>
    private static void ValidateFieldManager(ApiRequest request, string optionsKind) =>
        Patching(() => FieldManagerName.Validate(request.Query.GetValueOrDefault("fieldManager"), optionsKind));

    /// <summary>A patch may not rename the object or move it to another namespace.</summary>
    private static void CheckPatchedIdentity(ResourceDefinition def, string ns, string name, JsonObject patched)
    {
        var metadata = ObjectJson.Metadata(patched);
        var patchedName = ObjectJson.String(metadata, "name") ?? string.Empty;
        if (patchedName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({patchedName}) does not match the name on the URL ({name})");
        }

        var patchedNamespace = ObjectJson.String(metadata, "namespace");
        if (def.Namespaced && !string.IsNullOrEmpty(patchedNamespace) && patchedNamespace != ns)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static bool ParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw ApiErrors.BadRequest($"strconv.ParseBool: parsing \"{value}\": invalid syntax"),
    };

    private static void Patching(Action action) => Patching(() =>
    {
        action();
        return true;
    });

    /// <summary>Runs patch code, answering its <see cref="PatchException"/>s as the <c>metav1.Status</c> they carry.</summary>
    private static T Patching<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (PatchException e)
        {
            var causes = e.Causes.Count == 0
                ? null
                : e.Causes.Select(c => new StatusCause(c.Reason, c.Message, c.Field.Length == 0 ? null : c.Field)).ToList();
            var details = causes is null && e.DetailsGroup is null && e.DetailsKind is null
                ? null
                : new StatusDetails(null, e.DetailsGroup, e.DetailsKind, causes);
            throw new ApiStatusException(e.StatusCode, e.Reason, e.Message, details);
        }
    }
}
