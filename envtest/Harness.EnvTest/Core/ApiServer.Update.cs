using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>PUT: update of the main resource, <c>/status</c>, a namespace's <c>/finalize</c> and a pod's <c>/ephemeralcontainers</c>.</summary>
public sealed partial class ApiServer
{
    private async ValueTask<ApiResponse> UpdateAsync(ResourceDefinition def, Route route, ApiRequest request, CancellationToken cancellationToken)
    {
        ValidateFieldManager(request, "UpdateOptions");
        var body = DecodeFor(def, request);
        var name = route.Name!;
        var bodyMetadata = ObjectJson.Metadata(body);
        var bodyName = ObjectJson.String(bodyMetadata, "name") ?? string.Empty;
        if (bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (def.Namespaced)
        {
            var bodyNamespace = ObjectJson.String(bodyMetadata, "namespace");
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != route.Namespace)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
        }

        var resourceVersion = ObjectJson.String(bodyMetadata, "resourceVersion");
        if (string.IsNullOrEmpty(resourceVersion) && !def.AllowUnconditionalUpdate)
        {
            throw ApiErrors.Invalid(def.Plural, def.Group, name, [FieldErrorFactory.InvalidRaw("metadata.resourceVersion", "0x0", "must be specified for an update")]);
        }

        var first = true;
        return await UpdateObjectAsync(def, route.Namespace, name, route.Subresource, request, resourceVersion, old =>
        {
            // A retry after a race starts again from the request's body.
            var obj = first ? body : DecodeFor(def, request);
            first = false;
            RecordUpdate(def, route.Subresource, request, old, obj);
            return obj;
        }, cancellationToken);
    }

    /// <summary>
    /// The update loop shared by PUT and PATCH: read the current object, build the new one with <paramref name="build"/>
    /// (which must not modify the current object it is given),
    /// admit, validate and commit if the object did not change meanwhile (retrying when no resourceVersion was given).
    /// </summary>
    private async ValueTask<ApiResponse> UpdateObjectAsync(
        ResourceDefinition def, string ns, string name, string? subresource, ApiRequest request, string? resourceVersion,
        Func<JsonObject, JsonObject> build, CancellationToken cancellationToken)
    {
        var dryRun = IsDryRun(request);
        var key = StoredObject.KeyOf(ns, name);
        while (true)
        {
            var current = store.Get(def.StorageKey, key) ?? throw ApiErrors.NotFound(def.Plural, def.Group, name);
            if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != current.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw ApiErrors.Conflict(def.Plural, def.Group, name, ApiErrors.ConflictModified);
            }

            var old = StoredForm(def, current);
            var obj = build(old);
            obj["apiVersion"] = def.StorageApiVersion;
            obj["kind"] = def.Kind;
            var metadata = ObjectJson.Metadata(obj);
            if (ObjectJson.String(metadata, "resourceVersion") is { Length: > 0 } builtVersion
                && builtVersion != current.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw ApiErrors.Conflict(def.Plural, def.Group, name, ApiErrors.ConflictModified);
            }

            var uid = ObjectJson.String(metadata, "uid");
            if (!string.IsNullOrEmpty(uid) && uid != current.Uid)
            {
                throw ApiErrors.UidPreconditionConflict(def.Plural, def.Group, name, EtcdKeys.Of(def, ns, name), uid, current.Uid);
            }

            obj = Merge(def, subresource, obj, old);
            ApplySchema(def, obj, request);
            if (await admission.AdmitAsync(AdmissionOperation.Update, def, ns, name, subresource, obj, old, dryRun, request.User, cancellationToken) is { } mutated)
            {
                obj = Merge(def, subresource, mutated, old);
                ApplySchema(def, obj);
            }
            UpdateGeneration(def, obj, old);
            if (subresource is null)
            {
                PrepareCrd(def, obj);
            }

            Validate(def, obj, old, request, subresource);
            AdmitClaimResize(def, subresource, name, obj, old);
            await admission.ValidateAsync(AdmissionOperation.Update, def, ns, name, subresource, obj, old, dryRun, request.User, cancellationToken);
            var removing = old["metadata"]?["deletionTimestamp"] is not null && ObjectJson.Finalizers(ObjectJson.Metadata(obj)).Count == 0
                && NoGracePending(old)
                && !(def.Plural == "namespaces" && def.Group.Length == 0 && HasSpecFinalizers(obj));
            ObjectJson.Metadata(obj)["resourceVersion"] = ObjectJson.String(ObjectJson.Metadata(old), "resourceVersion");
            var unchanged = !removing && JsonNode.DeepEquals(obj, old);
            if (dryRun)
            {
                return Json(200, ObjectJson.Serialize(obj, def.Encoding));
            }

            var serialized = unchanged ? null : SerializedObject.Of(obj, ns, name, def.Encoding);
            var raced = false;
            var committed = store.Mutate(def.StorageKey, key, (latest, revision) =>
            {
                if (latest is null)
                {
                    throw ApiErrors.NotFound(def.Plural, def.Group, name);
                }

                if (latest.Revision != current.Revision)
                {
                    raced = true;
                    return StoreChange.None;
                }

                if (unchanged)
                {
                    return StoreChange.None;
                }

                return removing ? StoreChange.Remove(Freeze(serialized!, revision)) : StoreChange.Put(Freeze(serialized!, revision));
            });
            if (raced)
            {
                if (!string.IsNullOrEmpty(resourceVersion))
                {
                    throw ApiErrors.Conflict(def.Plural, def.Group, name, ApiErrors.ConflictModified);
                }

                continue;
            }

            if (committed is null)
            {
                return Json(200, Served(def, current));
            }

            AfterCommit(def, committed);
            return Json(200, Served(def, committed.Object));
        }
    }

    /// <summary>
    /// Keeps what the addressed endpoint may not change: status on the main resource, everything but status on /status, all
    /// but its part on a part subresource (<see cref="IPartSubresourceStrategy"/>).
    /// </summary>
    private JsonObject Merge(ResourceDefinition def, string? subresource, JsonObject obj, JsonObject old)
    {
        JsonObject result;
        if (subresource == "status")
        {
            result = old.DeepClone().AsObject();
            ObjectJson.SetOrRemove(result, "status", obj["status"]);
            ObjectJson.SetOrRemove(ObjectJson.Metadata(result), "managedFields", obj["metadata"]?["managedFields"]);
            def.Strategy?.PrepareForStatusUpdate(result, obj, old);
            def.Strategy?.StampTime(result, old, Now());
            return result;
        }

        if (PartOf(def, subresource) is { } part)
        {
            return part.PrepareForUpdate(obj, old);
        }

        if (subresource == "finalize")
        {
            result = old.DeepClone().AsObject();
            var spec = result["spec"] as JsonObject ?? new JsonObject();
            result["spec"] = spec;
            ObjectJson.SetOrRemove(spec, "finalizers", obj["spec"]?["finalizers"]);
            return result;
        }

        result = obj;
        if (def.HasStatus)
        {
            ObjectJson.SetOrRemove(result, "status", old["status"]);
        }

        var metadata = ObjectJson.Metadata(result);
        var oldMetadata = ObjectJson.Metadata(old);
        foreach (var field in (string[])["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "generation"])
        {
            ObjectJson.SetOrRemove(metadata, field, oldMetadata[field]);
        }

        metadata.Remove("selfLink");
        def.Strategy?.PrepareForUpdate(result, old);
        return result;
    }

    private static bool HasSpecFinalizers(JsonObject obj) => obj["spec"]?["finalizers"] is JsonArray { Count: > 0 };
}
