using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Schema;
using Harness.EnvTest.Serialization;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>DELETE: finalizers, deletionTimestamp, propagation policies (as finalizers the garbage collector honours), collections.</summary>
public sealed partial class ApiServer
{
    internal const string OrphanFinalizer = "orphan";
    internal const string ForegroundFinalizer = "foregroundDeletion";

    private async ValueTask<ApiResponse> DeleteAsync(ResourceDefinition def, Route route, ApiRequest request, CancellationToken cancellationToken)
    {
        var options = ReadDeleteOptions(request);
        var (obj, removed) = await DeleteObjectAsync(def, route.Namespace, route.Name!, options, request.User, cancellationToken);
        if (removed && !ReturnsDeletedObject(def))
        {
            var metadata = ObjectJson.Metadata(ObjectJson.Parse(obj));
            return Json(200, StatusWriter.Success(route.Name, def.Group, def.Plural, ObjectJson.String(metadata, "uid")));
        }

        return Json(!removed && options.OrphanDependents == false ? 202 : 200, obj);
    }

    private async ValueTask<ApiResponse> DeleteCollectionAsync(ResourceDefinition def, string ns, ApiRequest request, CancellationToken cancellationToken)
    {
        var options = ReadDeleteOptions(request);
        var selector = ParseSelectors(def, request.Query);
        var (items, revision) = store.List(def.StorageKey, ns, null, null);
        var listed = items.Where(selector).ToList();
        foreach (var item in listed)
        {
            try
            {
                await DeleteObjectAsync(def, item.Namespace, item.Name, options, request.User, cancellationToken);
            }
            catch (ApiStatusException e) when (e.Code == 404)
            {
            }
        }

        // The store's DeleteCollection answers the list it deleted from, as it was listed.
        var revisionText = revision.ToString(CultureInfo.InvariantCulture);
        return Json(200, ListBody(def, revisionText, null, null, listed.Select(item => Served(def, item)), listed.Sum(item => item.Json.Length + 1)));
    }

    /// <summary>
    /// Deletes one object: with finalizers pending (its own, or the GC's orphan/foregroundDeletion) it only gets a
    /// deletionTimestamp; otherwise it is removed. Returns the served object and whether it is gone.
    /// </summary>
    private async ValueTask<(byte[] Object, bool Removed)> DeleteObjectAsync(
        ResourceDefinition def, string ns, string name, DeleteOptions options, string user, CancellationToken cancellationToken)
    {
        var key = StoredObject.KeyOf(ns, name);
        while (true)
        {
            var current = store.Get(def.StorageKey, key) ?? throw ApiErrors.NotFound(def.Plural, def.Group, name);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Uid)
            {
                throw ApiErrors.PreconditionConflict(def.Kind, def.Group, name,
                    $"the UID in the precondition ({uid}) does not match the UID in record ({current.Uid}). The object might have been deleted and then recreated");
            }

            var currentRv = current.Revision.ToString(CultureInfo.InvariantCulture);
            if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != currentRv)
            {
                throw ApiErrors.PreconditionConflict(def.Kind, def.Group, name,
                    $"the ResourceVersion in the precondition ({rv}) does not match the ResourceVersion in record ({currentRv}). The object might have been modified");
            }

            var old = ObjectJson.Parse(current.Json);
            await admission.ValidateAsync(AdmissionOperation.Delete, def, ns, name, null, null, old, options.DryRun, user, cancellationToken);
            var obj = old.DeepClone().AsObject();
            var metadata = ObjectJson.Metadata(obj);
            var finalizers = ObjectJson.Finalizers(metadata);
            var policy = options.PropagationPolicy ?? options.OrphanDependents switch
            {
                true => "Orphan",
                false => "Background",
                null => null,
            };
            switch (policy)
            {
                case "Orphan":
                    finalizers.Remove(ForegroundFinalizer);
                    AddOnce(finalizers, OrphanFinalizer);
                    break;
                case "Foreground":
                    finalizers.Remove(OrphanFinalizer);
                    AddOnce(finalizers, ForegroundFinalizer);
                    break;
                case "Background":
                    finalizers.Remove(OrphanFinalizer);
                    finalizers.Remove(ForegroundFinalizer);
                    break;
            }

            var isNamespace = def.Plural == "namespaces" && def.Group.Length == 0;
            var isCrd = def.Plural == "customresourcedefinitions" && def.Group == "apiextensions.k8s.io";
            if (isCrd)
            {
                AddOnce(finalizers, CrdCleanupFinalizer);
            }

            ObjectJson.SetFinalizers(metadata, finalizers);
            var pending = finalizers.Count > 0 || (isNamespace && HasSpecFinalizers(obj));
            var deleting = metadata["deletionTimestamp"] is not null;
            if (IsPod(def) && PodGracePeriod(old, metadata, options) is { } grace)
            {
                if (grace.Unchanged)
                {
                    return (Served(def, current), false);
                }

                metadata["deletionTimestamp"] = grace.Timestamp;
                metadata["deletionGracePeriodSeconds"] = grace.Seconds;
                pending |= grace.Seconds > 0;
                deleting = true;
            }

            if (pending && !deleting)
            {
                MarkDeleting(metadata);
                if (isNamespace)
                {
                    obj["status"] = new JsonObject { ["phase"] = "Terminating" };
                }

                if (isCrd)
                {
                    MarkCrdTerminating(obj);
                }
            }

            if (options.DryRun)
            {
                return (Served(def, current), !pending);
            }

            if (pending && JsonNode.DeepEquals(obj, old))
            {
                return (Served(def, current), false);
            }

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

                return pending ? StoreChange.Put(Freeze(obj, ns, name, revision, def.Encoding)) : StoreChange.Remove(Freeze(old, ns, name, revision, def.Encoding));
            });
            if (raced)
            {
                continue;
            }

            AfterCommit(def, committed!);
            return (Served(def, committed!.Object), !pending);
        }
    }

    /// <summary>
    /// The store's <c>markAsDeleting</c> for an object that waits on finalizers: the deletion time, a grace period of 0,
    /// and the next generation when the object has one.
    /// </summary>
    private void MarkDeleting(JsonObject metadata)
    {
        metadata["deletionTimestamp"] = Now();
        metadata["deletionGracePeriodSeconds"] = 0;
        if (ObjectJson.Generation(metadata) is > 0 and var generation)
        {
            metadata["generation"] = generation + 1;
        }
    }

    private static bool IsPod(ResourceDefinition def) => def.Plural == "pods" && def.Group.Length == 0;

    /// <summary>The resources whose kube registry sets <c>ReturnDeletedObject</c>: a delete that removes one answers the object, not a Status.</summary>
    private static bool ReturnsDeletedObject(ResourceDefinition def) =>
        def.IsCustom || (def.Group, def.Plural) is ("", "pods") or ("", "persistentvolumeclaims") or ("", "persistentvolumes") or ("storage.k8s.io", "storageclasses");

    /// <summary>Whether a deleting object's grace period is over (kube removes it on the update that clears its last finalizer only then).</summary>
    private static bool NoGracePending(JsonObject obj) =>
        obj["metadata"]?["deletionGracePeriodSeconds"] is not JsonValue grace || !JsonKinds.TryGetInteger(grace, out var seconds) || seconds == 0;

    /// <summary>
    /// A pod's graceful deletion, as kube's pod strategy and <c>BeforeDelete</c> decide it: the grace period is the request's,
    /// else <c>spec.terminationGracePeriodSeconds</c> (30 by default), 0 for a pod no node runs (no <c>spec.nodeName</c>) or
    /// one that has finished; a deleting pod's period may only shorten, moving its deletionTimestamp forward.
    /// Null: not graceful (deleted at once unless finalizers hold it).
    /// </summary>
    private (string Timestamp, long Seconds, bool Unchanged)? PodGracePeriod(JsonObject pod, JsonObject metadata, DeleteOptions options)
    {
        if (metadata["deletionTimestamp"] is not null)
        {
            var current = metadata["deletionGracePeriodSeconds"] is JsonValue g && JsonKinds.TryGetInteger(g, out var seconds) ? seconds : 0;
            if (current == 0)
            {
                return null;
            }

            if (options.GracePeriodSeconds is not { } shorter || shorter >= current)
            {
                return (string.Empty, current, true);
            }

            var deadline = DateTimeOffset.Parse(ObjectJson.String(metadata, "deletionTimestamp")!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return (Timestamp(deadline.AddSeconds(shorter - current)), shorter, false);
        }

        var period = options.GracePeriodSeconds
            ?? (pod["spec"]?["terminationGracePeriodSeconds"] is JsonValue spec && JsonKinds.TryGetInteger(spec, out var specSeconds) ? specSeconds : 30);
        if (string.IsNullOrEmpty(pod["spec"]?["nodeName"]?.GetValue<string>()) || pod["status"]?["phase"]?.GetValue<string>() is "Failed" or "Succeeded")
        {
            period = 0;
        }

        return period == 0 ? null : (Timestamp(time.GetUtcNow().AddSeconds(Math.Max(period, 1))), Math.Max(period, 1), false);
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void AddOnce(List<string> finalizers, string finalizer)
    {
        if (!finalizers.Contains(finalizer))
        {
            finalizers.Add(finalizer);
        }
    }

    private static DeleteOptions ReadDeleteOptions(ApiRequest request)
    {
        var query = request.Query;
        string? policy = query.GetValueOrDefault("propagationPolicy");
        bool? orphan = query.TryGetValue("orphanDependents", out var orphanText) ? orphanText == "true" : null;
        string? uid = null;
        string? rv = null;
        long? grace = query.TryGetValue("gracePeriodSeconds", out var graceText) && long.TryParse(graceText, CultureInfo.InvariantCulture, out var queryGrace) ? queryGrace : null;
        var dryRun = IsDryRun(request);
        if (request.Body.Length > 0 && BodyDecoder.DecodeDeleteOptions(request) is JsonObject body)
        {
            policy = ObjectJson.String(body, "propagationPolicy") ?? policy;
            if (body["orphanDependents"] is JsonValue orphanValue && orphanValue.TryGetValue<bool>(out var o))
            {
                orphan = o;
            }

            if (body["preconditions"] is JsonObject preconditions)
            {
                uid = ObjectJson.String(preconditions, "uid");
                rv = ObjectJson.String(preconditions, "resourceVersion");
            }

            if (body["gracePeriodSeconds"] is JsonValue graceValue && JsonKinds.TryGetInteger(graceValue, out var bodyGrace))
            {
                grace = bodyGrace;
            }

            if (body["dryRun"] is JsonArray dry && dry.Any(d => d?.GetValue<string>() == "All"))
            {
                dryRun = true;
            }
        }

        if (policy is not null and not ("Orphan" or "Foreground" or "Background"))
        {
            throw ApiErrors.Invalid("DeleteOptions", "meta.k8s.io", string.Empty, [FieldErrorFactory.NotSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan", "nil"])]);
        }

        if (policy is not null && orphan is not null)
        {
            throw ApiErrors.Invalid("DeleteOptions", "meta.k8s.io", string.Empty, [FieldErrorFactory.Invalid("propagationPolicy", policy, "orphanDependents and deletionPropagation cannot be both set")]);
        }

        return new DeleteOptions(policy, orphan, uid, rv, dryRun, grace);
    }
}
