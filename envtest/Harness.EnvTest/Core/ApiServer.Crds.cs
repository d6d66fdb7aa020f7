using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Schema;
using Harness.EnvTest.Serialization;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>
/// CustomResourceDefinitions: what apiextensions-apiserver does in-process. A stored CRD's served versions are
/// served at once (its status gets NamesAccepted and Established); a deleted CRD's objects are deleted, then it goes.
/// </summary>
public sealed partial class ApiServer
{
    internal const string CrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    private static readonly ObjectEncoding CrdEncoding = ObjectEncoding.GoStruct(typeof(k8s.Models.V1CustomResourceDefinition));
    private const string CrdStorageKey = "apiextensions.k8s.io/customresourcedefinitions";

    private static bool IsCrd(ResourceDefinition def) => def.StorageKey == CrdStorageKey;

    /// <summary>Sets the status fields the CRD controllers would: accepted names, conditions, stored versions.</summary>
    private void PrepareCrd(ResourceDefinition def, JsonObject crd)
    {
        if (!IsCrd(def) || crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names)
        {
            return;
        }

        var status = crd["status"] as JsonObject ?? new JsonObject();
        crd["status"] = status;
        var accepted = (JsonObject)names.DeepClone();
        var kind = ObjectJson.String(names, "kind") ?? string.Empty;
        accepted["singular"] = ObjectJson.String(names, "singular") is { Length: > 0 } singular ? singular : kind.ToLowerInvariant();
        accepted["listKind"] = ObjectJson.String(names, "listKind") is { Length: > 0 } listKind ? listKind : kind + "List";
        status["acceptedNames"] = accepted;
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        SetCondition(conditions, "NamesAccepted", "True", "NoConflicts", "no conflicts found");
        SetCondition(conditions, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted");
        var stored = status["storedVersions"] as JsonArray ?? [];
        status["storedVersions"] = stored;
        var storage = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(v => v["storage"] is JsonValue s && s.TryGetValue<bool>(out var b) && b);
        if (ObjectJson.String(storage, "name") is { } storageName && !stored.Any(v => v?.GetValue<string>() == storageName))
        {
            stored.Add(storageName);
        }
    }

    private void MarkCrdTerminating(JsonObject crd)
    {
        var status = crd["status"] as JsonObject ?? new JsonObject();
        crd["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        SetCondition(conditions, "Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress");
    }

    private void SetCondition(JsonArray conditions, string type, string status, string reason, string message)
    {
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => ObjectJson.String(c, "type") == type);
        if (existing is not null && ObjectJson.String(existing, "status") == status)
        {
            existing["reason"] = reason;
            existing["message"] = message;
            return;
        }

        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastTransitionTime"] = Now(),
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is not null)
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
        else
        {
            conditions.Add(condition);
        }
    }

    /// <summary>Reacts to a committed change: CRDs change what is served; the last object of a deleted CRD releases it.</summary>
    private void AfterCommit(ResourceDefinition def, StoreEvent committed)
    {
        if (IsCrd(def))
        {
            var name = committed.Object.Name;
            if (committed.Type == StoreEventType.Deleted)
            {
                registry.SetCustom(name, []);
                watchCacheStarts.TryRemove(name, out _);
                return;
            }

            var crd = ObjectJson.Parse(committed.Object.Json);
            var definitions = BuildDefinitions(crd, committed.Revision);
            registry.SetCustom(name, definitions);
            if (definitions.Count > 0)
            {
                watchCacheStarts.TryAdd(name, (definitions[0].StorageKey, committed.Revision));
            }

            if (crd["metadata"]?["deletionTimestamp"] is not null && definitions.Count > 0)
            {
                registry.SetTerminating(definitions[0].StorageKey, true);
                DeleteAllInstances(definitions.First(d => d.Version == d.StorageVersion));
                FinalizeCrdWhenEmpty(definitions[0].StorageKey, name);
            }

            return;
        }

        if (def.IsCustom && committed.Type == StoreEventType.Deleted && registry.IsTerminating(def))
        {
            FinalizeCrdWhenEmpty(def.StorageKey, def.Plural + "." + def.Group);
        }
    }

    private void DeleteAllInstances(ResourceDefinition def)
    {
        var (items, _) = store.List(def.StorageKey, string.Empty, null, null);
        foreach (var item in items)
        {
            var committed = store.Mutate(def.StorageKey, item.Key, (current, revision) =>
            {
                if (current is null)
                {
                    return StoreChange.None;
                }

                var obj = ObjectJson.Parse(current.Json);
                var metadata = ObjectJson.Metadata(obj);
                if (ObjectJson.Finalizers(metadata).Count == 0)
                {
                    return StoreChange.Remove(Freeze(obj, current.Namespace, current.Name, revision, ObjectEncoding.Unstructured));
                }

                if (metadata["deletionTimestamp"] is not null)
                {
                    return StoreChange.None;
                }

                MarkDeleting(metadata);
                return StoreChange.Put(Freeze(obj, current.Namespace, current.Name, revision, ObjectEncoding.Unstructured));
            });
            _ = committed;
        }
    }

    private void FinalizeCrdWhenEmpty(string storageKey, string crdName)
    {
        if (store.Count(storageKey) > 0)
        {
            return;
        }

        var committed = store.Mutate(CrdStorageKey, crdName, (current, revision) =>
        {
            if (current is null)
            {
                return StoreChange.None;
            }

            var crd = ObjectJson.Parse(current.Json);
            var metadata = ObjectJson.Metadata(crd);
            var finalizers = ObjectJson.Finalizers(metadata);
            if (!finalizers.Remove(CrdCleanupFinalizer))
            {
                return StoreChange.None;
            }

            ObjectJson.SetFinalizers(metadata, finalizers);
            return finalizers.Count == 0 ? StoreChange.Remove(Freeze(crd, string.Empty, crdName, revision, CrdEncoding)) : StoreChange.Put(Freeze(crd, string.Empty, crdName, revision, CrdEncoding));
        });
        if (committed is not null)
        {
            if (committed.Type == StoreEventType.Deleted)
            {
                registry.SetTerminating(storageKey, false);
            }

            AfterCommit(registry.Current.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!, committed);
        }
    }

    /// <summary>The served versions of a CRD as resource definitions (none while it is not valid).</summary>
    private static IReadOnlyList<ResourceDefinition> BuildDefinitions(JsonObject crd, long revision)
    {
        if (crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names)
        {
            return [];
        }

        var group = ObjectJson.String(spec, "group") ?? string.Empty;
        var kind = ObjectJson.String(names, "kind") ?? string.Empty;
        var plural = ObjectJson.String(names, "plural") ?? string.Empty;
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var storage = versions.FirstOrDefault(v => v["storage"] is JsonValue s && s.TryGetValue<bool>(out var b) && b);
        var storageVersion = ObjectJson.String(storage, "name") ?? string.Empty;
        var result = new List<ResourceDefinition>();
        foreach (var version in versions)
        {
            if (version["served"] is not JsonValue served || !served.TryGetValue<bool>(out var isServed) || !isServed)
            {
                continue;
            }

            result.Add(new ResourceDefinition
            {
                Group = group,
                Version = ObjectJson.String(version, "name") ?? string.Empty,
                StorageVersion = storageVersion,
                Plural = plural,
                Singular = ObjectJson.String(names, "singular") is { Length: > 0 } singular ? singular : kind.ToLowerInvariant(),
                Kind = kind,
                Namespaced = ObjectJson.String(spec, "scope") != "Cluster",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = version["subresources"]?["status"] is not null,
                AllowUnconditionalUpdate = false,
                Generation = GenerationPolicy.AllButMetadataAndStatus,
                IsCustom = true,
                SchemaRevision = revision,
                Schema = ParseSchema(version["schema"]?["openAPIV3Schema"] as JsonObject),
                PrinterColumns = version["additionalPrinterColumns"]?.DeepClone() as JsonArray,
            });
        }

        return result;
    }

    private static StructuralSchema? ParseSchema(JsonObject? schema)
    {
        if (schema is null)
        {
            return null;
        }

        var parsed = StructuralSchema.Parse(schema, out var errors);
        return errors.Count == 0 ? parsed : null;
    }

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? string.Empty).ToList() : [];
}
