using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Serialization;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>What every write shares: decoding, namespace checks, server-owned metadata, validation.</summary>
public sealed partial class ApiServer
{
    private const string NamespacesKey = "/namespaces";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (StoredObject Version, bool Terminating)> namespaceTerminating = new(StringComparer.Ordinal);

    private static JsonObject DecodeFor(ResourceDefinition def, ApiRequest request)
    {
        var obj = DecodeBody(def, request);
        var apiVersion = ObjectJson.String(obj, "apiVersion");
        var kind = ObjectJson.String(obj, "kind");
        if (def.IsCustom && string.IsNullOrEmpty(kind))
        {
            var sent = System.Text.Encoding.UTF8.GetString(request.Body.Span);
            throw ApiErrors.BadRequest(
                $"the object provided is unrecognized (must be of type {def.Kind}): Object 'Kind' is missing in '{sent}' ({BodyDecoder.Summary(request.Body.Span)})");
        }

        if (def.IsCustom && string.IsNullOrEmpty(apiVersion))
        {
            throw ApiErrors.ApiVersionMismatch(string.Empty, def.ApiVersion);
        }

        apiVersion = string.IsNullOrEmpty(apiVersion) ? def.ApiVersion : apiVersion;
        kind = string.IsNullOrEmpty(kind) ? def.Kind : kind;
        if (!def.IsCustom && (apiVersion != def.ApiVersion || kind != def.Kind))
        {
            throw BuiltInScheme.Mismatch(def, apiVersion, kind);
        }

        if (apiVersion != def.ApiVersion)
        {
            throw ApiErrors.ApiVersionMismatch(apiVersion, def.ApiVersion);
        }

        if (kind != def.Kind)
        {
            var name = obj["metadata"] is JsonObject m ? ObjectJson.String(m, "name") ?? string.Empty : string.Empty;
            throw ApiErrors.Invalid(kind, def.Group, name, [FieldErrorFactory.Invalid("kind", kind, "must be " + def.Kind)]);
        }

        return ToStorageForm(def, obj);
    }

    /// <summary>An object of <paramref name="def"/>'s kind in its stored form: storage apiVersion, micro-times, converted fields.</summary>
    private static JsonObject ToStorageForm(ResourceDefinition def, JsonObject obj)
    {
        obj["apiVersion"] = def.StorageApiVersion;
        obj["kind"] = def.Kind;
        if (obj["metadata"] is not null and not JsonObject)
        {
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {def.Kind}): metadata must be an object");
        }

        try
        {
            MicroTimeJson.DecodeFields(obj, def.MicroTimeFields);
        }
        catch (FormatException e)
        {
            throw ApiErrors.CannotBeHandled(def.Kind, def.Version, def.Kind, e.Message);
        }

        return def.Converter?.ToStorage(obj) ?? obj;
    }

    /// <summary>As kube's NamespaceLifecycle admission: the namespace must exist and not be terminating.</summary>
    private void CheckNamespaceForCreate(ResourceDefinition def, string ns, string name)
    {
        if (!def.Namespaced)
        {
            return;
        }

        var stored = store.Get(NamespacesKey, ns) ?? throw ApiErrors.NotFound("namespaces", string.Empty, ns);
        if (!namespaceTerminating.TryGetValue(ns, out var known) || !ReferenceEquals(known.Version, stored))
        {
            var nsObj = ObjectJson.Parse(stored.Json);
            known = (stored, nsObj["metadata"]?["deletionTimestamp"] is not null || nsObj["status"]?["phase"]?.GetValue<string>() == "Terminating");
            namespaceTerminating[ns] = known;
        }

        if (known.Terminating)
        {
            throw ApiErrors.Forbidden(def.Plural, def.Group, name, $"unable to create new content in namespace {ns} because it is being terminated",
                [new StatusCause("NamespaceTerminating", $"namespace {ns} is being terminated", "metadata.namespace")]);
        }
    }

    private static void ClearServerMetadata(JsonObject metadata)
    {
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
    }

    /// <summary>
    /// Prunes unknown fields and applies CR defaults, as kube-apiserver does on decode; with the <paramref name="request"/> whose
    /// body this is, reports what decoding found per its <c>fieldValidation</c>.
    /// </summary>
    private static void ApplySchema(ResourceDefinition def, JsonObject obj, ApiRequest? request = null)
    {
        var unknown = PruneUnknownFields(def, obj, decoded: request is not null);
        if (request is not null)
        {
            ReportUnknownFields(def, request, obj, unknown);
        }

        def.Schema?.ApplyDefaults(obj);
    }

    /// <summary>
    /// Validates the object (a write through <paramref name="subresource"/> as its kind validates those); warnings (CEL rules ratcheted on unchanged values) go to <paramref name="request"/>, when there is
    /// one. A valid object's micro-times holding Go's zero time become null, as kube stores them.
    /// </summary>
    private static void Validate(ResourceDefinition def, JsonObject obj, JsonObject? old, ApiRequest? request = null, string? subresource = null)
    {
        var errors = new List<FieldError>();
        var metadata = ObjectJson.Metadata(obj);
        var name = ObjectJson.String(metadata, "name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required("metadata.name", "name or generateName is required"));
        }
        else if (def.NameIsLabel)
        {
            NameValidation.Label("metadata.name", name, errors);
        }
        else if (def.NameIsPathSegment)
        {
            NameValidation.PathSegment("metadata.name", name, errors);
        }
        else
        {
            NameValidation.Subdomain("metadata.name", name, errors);
        }

        MetadataValidation.Validate(metadata, old is null ? null : ObjectJson.Metadata(old), errors);
        if (subresource == "status" && old is not null)
        {
            def.Strategy?.ValidateStatusUpdate(obj, old, errors);
        }
        else if (PartOf(def, subresource) is { } part && old is not null)
        {
            part.ValidateUpdate(obj, old, errors);
        }
        else
        {
            def.Strategy?.Validate(obj, old, errors);
        }

        if (def.Schema is { } schema)
        {
            var warnings = new List<string>();
            errors.AddRange(schema.Validate(obj, old, warnings));
            if (request is not null)
            {
                AddWarnings(request, warnings);
            }
        }

        if (errors.Count > 0)
        {
            // kube names the kind its scheme registered first for the stored type: events.k8s.io Events are core Events.
            throw ApiErrors.Invalid(def.Kind, def.StorageGroup ?? def.Group, name, errors);
        }

        MicroTimeJson.UnsetZeroTimes(obj, def.MicroTimeFields);
    }

    /// <summary>Bumps <c>metadata.generation</c> when the resource's generation-relevant content changed.</summary>
    private static void UpdateGeneration(ResourceDefinition def, JsonObject obj, JsonObject old)
    {
        var metadata = ObjectJson.Metadata(obj);
        var oldGeneration = ObjectJson.Generation(ObjectJson.Metadata(old));
        switch (def.Generation)
        {
            case GenerationPolicy.None:
                if (oldGeneration > 0)
                {
                    metadata["generation"] = oldGeneration;
                }
                else
                {
                    metadata.Remove("generation");
                }

                return;
            case GenerationPolicy.Fields:
                metadata["generation"] = def.GenerationFields.Any(f => !JsonNode.DeepEquals(obj[f], old[f])) ? oldGeneration + 1 : oldGeneration;
                return;
            default:
                var changed = obj.Where(p => p.Key is not ("metadata" or "apiVersion" or "kind") && !(def.HasStatus && p.Key == "status"))
                    .Any(p => !JsonNode.DeepEquals(p.Value, old[p.Key]))
                    || old.Any(p => p.Key is not ("metadata" or "apiVersion" or "kind") && !(def.HasStatus && p.Key == "status") && !obj.ContainsKey(p.Key));
                metadata["generation"] = changed ? oldGeneration + 1 : oldGeneration;
                return;
        }
    }
}
