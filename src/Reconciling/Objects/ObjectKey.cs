using k8s;
using k8s.Models;

namespace Harness.Reconciling;

/// <summary>The <c>namespace/name</c> key of an object; cluster-scoped objects have an empty namespace.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>The key of a cluster-scoped object.</summary>
    public static ObjectKey Cluster(string name) => new("", name);

    /// <summary>The key of a namespaced object, or of a cluster-scoped one when <paramref name="ns"/> is null or empty.</summary>
    public static ObjectKey Of(string? ns, string name) => new(ns ?? "", name);

    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Of(obj.Metadata.NamespaceProperty, obj.Metadata.Name);
    }

    /// <summary>Formats the key as client-go does: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
