using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Informers;

/// <summary>The cache's lookups: by uid, owner uid, namespace, name and kind.</summary>
public sealed partial class ClusterMetadataCache
{
    /// <summary>The cached objects with <paramref name="uid"/> (one, unless two resources serve the same objects).</summary>
    public IReadOnlyList<CachedObject> WithUid(string uid) => Lookup(byUid, uid);

    /// <summary>The cached objects with an owner reference to <paramref name="uid"/>.</summary>
    public IReadOnlyList<CachedObject> DependentsOf(string uid) => Lookup(byOwnerUid, uid);

    /// <summary>The cached objects in namespace <paramref name="ns"/>.</summary>
    public IReadOnlyList<CachedObject> InNamespace(string ns) => Lookup(byNamespace, ns);

    /// <summary>The cached version of the object of <paramref name="resource"/> at <paramref name="ns"/>/<paramref name="name"/>, or null.</summary>
    public CachedObject? Find(ApiResourceRef resource, string ns, string name)
    {
        ResourceReflector? reflector;
        lock (gate)
        {
            reflector = reflectors.GetValueOrDefault(resource);
        }

        return reflector?.Reflector.Get(ns + "/" + name) is { } obj ? new CachedObject(resource, obj) : null;
    }

    /// <summary>The resource serving <paramref name="apiVersion"/>/<paramref name="kind"/> (owner references name kinds, not resources).</summary>
    public ApiResourceRef? ResolveKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        lock (gate)
        {
            return resources.FirstOrDefault(r => r.Group == group && r.Kind == kind);
        }
    }


    private IReadOnlyList<CachedObject> Lookup(Dictionary<string, HashSet<CachedObject>> index, string key)
    {
        lock (gate)
        {
            return index.TryGetValue(key, out var set) ? [.. set] : [];
        }
    }
}
