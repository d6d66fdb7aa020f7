using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Loading;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Core;

/// <summary>Loading a dump of another cluster's objects, as they were there.</summary>
public sealed partial class ApiServer
{
    /// <summary>
    /// Stores <paramref name="objects"/> as another cluster held them — metadata (uid, creationTimestamp, labels,
    /// annotations, finalizers, ownerReferences, deletionTimestamp), spec and status as found — which no REST request can
    /// do. The server writes what only it may: a new resourceVersion per object, no managedFields, no selfLink; a missing
    /// uid or creationTimestamp is generated. Namespaces that are neither stored nor in the dump are created; an object of
    /// the dump replaces a stored one of the same name (the initial namespaces). Objects are stored in dump order, but
    /// namespaces first and every owner before what it owns, so watchers see them in an order a cluster could have made.
    /// Unknown fields are pruned, defaults applied and objects validated as on create; admission is not called (the
    /// objects were admitted where they come from). Call it before controllers and simulators start: they see the
    /// objects as they would after a restart.
    /// </summary>
    /// <exception cref="ObjectLoadException">
    /// An object's kind is not served (its CRD is not installed), it is a CustomResourceDefinition, it fails validation, or
    /// two objects have one name; every such error is listed with the object's position and nothing is stored.
    /// </exception>
    public LoadedObjects Load(IReadOnlyList<SourcedObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var errors = new List<ObjectLoadError>();
        var prepared = new List<Prepared>();
        var byKey = new Dictionary<(string StorageKey, string Key), ObjectSource>();
        foreach (var sourced in objects)
        {
            try
            {
                var item = Prepare(sourced);
                if (byKey.TryGetValue((item.Def.StorageKey, item.Key), out var first))
                {
                    throw ApiErrors.BadRequest($"{item.Def.Kind} {item.Key} is also at {first}");
                }

                byKey[(item.Def.StorageKey, item.Key)] = sourced.Source;
                prepared.Add(item);
            }
            catch (ApiStatusException e)
            {
                errors.Add(new ObjectLoadError(sourced.Source.ToString(), e.Message));
            }
        }

        if (errors.Count > 0)
        {
            throw new ObjectLoadException(errors);
        }

        var namespaces = registry.Current.Find(string.Empty, "v1", "namespaces")!;
        var created = prepared.Where(p => p.Def.Namespaced).Select(p => p.Namespace).Distinct(StringComparer.Ordinal)
            .Where(ns => store.Get(NamespacesKey, ns) is null && !byKey.ContainsKey((namespaces.StorageKey, ns)))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var ns in created)
        {
            CreateInitialNamespace(ns);
        }

        var stored = new List<string>();
        foreach (var item in OwnersFirst(prepared))
        {
            var serialized = SerializedObject.Of(item.Object, item.Namespace, item.Name, item.Def.Encoding);
            var committed = store.Mutate(item.Def.StorageKey, item.Key, (_, revision) => StoreChange.Put(Freeze(serialized, revision)))!;
            AfterCommit(item.Def, committed);
            stored.Add($"{item.Def.Kind} {item.Key}");
        }

        return new LoadedObjects(stored, created);
    }

    private Prepared Prepare(SourcedObject sourced)
    {
        var obj = sourced.Object.DeepClone().AsObject();
        var apiVersion = ObjectJson.String(obj, "apiVersion") ?? string.Empty;
        var kind = ObjectJson.String(obj, "kind") ?? string.Empty;
        var slash = apiVersion.LastIndexOf('/');
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var served = registry.Current.InGroupVersion(group, version).ToList();
        var def = served.FirstOrDefault(d => d.Kind == kind) ?? throw ApiErrors.BadRequest(served.Count == 0
            ? $"{kind} ({apiVersion}) is not served: no CustomResourceDefinition of the harness defines {apiVersion}"
            : $"{kind} ({apiVersion}) is not served: {apiVersion} has no kind \"{kind}\"");
        if (IsCrd(def))
        {
            throw ApiErrors.BadRequest("CustomResourceDefinitions are not loaded: the harness serves its own; leave them out of the dump");
        }

        if (obj["metadata"] is not JsonObject)
        {
            throw ApiErrors.BadRequest($"{kind} has no metadata");
        }

        obj = ToStorageForm(def, obj);
        var metadata = ObjectJson.Metadata(obj);
        var ns = def.Namespaced ? ObjectJson.String(metadata, "namespace") ?? "default" : string.Empty;
        if (def.Namespaced)
        {
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        metadata.Remove("resourceVersion");
        metadata.Remove("managedFields");
        metadata.Remove("selfLink");
        metadata["uid"] ??= NewUid();
        metadata["creationTimestamp"] ??= Now();
        if (def.Generation == GenerationPolicy.None)
        {
            metadata.Remove("generation");
        }
        else
        {
            metadata["generation"] ??= 1;
        }

        AddServerDefaults(def, obj);
        ApplySchema(def, obj);
        Validate(def, obj, null);
        var name = ObjectJson.String(metadata, "name")!;
        return new Prepared(def, obj, ns, name, StoredObject.KeyOf(ns, name));
    }

    /// <summary>What the server sets on create (a namespace's finalizer, a claim's phase) where the dump has none of it.</summary>
    private static void AddServerDefaults(ResourceDefinition def, JsonObject obj)
    {
        if (def.Strategy is not { } strategy)
        {
            return;
        }

        var created = obj.DeepClone().AsObject();
        strategy.PrepareForCreate(created);
        foreach (var (field, value) in created)
        {
            if (!obj.ContainsKey(field))
            {
                obj[field] = value?.DeepClone();
            }
        }
    }

    /// <summary>Namespaces first, then the dump's order, except that an object waits for the owners the dump holds (a cycle is stored as found).</summary>
    private static IEnumerable<Prepared> OwnersFirst(List<Prepared> prepared)
    {
        var pending = prepared.OrderBy(p => IsNamespace(p.Def) ? 0 : 1).ToList();
        var inDump = pending.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(p => p.Owners.All(owner => !inDump.Contains(owner) || done.Contains(owner) || owner == p.Uid)) ?? pending[0];
            pending.Remove(next);
            done.Add(next.Uid);
            yield return next;
        }
    }

    private static bool IsNamespace(ResourceDefinition def) => def.Group.Length == 0 && def.Plural == "namespaces";

    private sealed record Prepared(ResourceDefinition Def, JsonObject Object, string Namespace, string Name, string Key)
    {
        public string Uid => ObjectJson.String(ObjectJson.Metadata(Object), "uid") ?? string.Empty;

        public IEnumerable<string> Owners => (ObjectJson.Metadata(Object)["ownerReferences"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(owner => ObjectJson.String(owner, "uid") ?? string.Empty);
    }
}
