using Harness.Reconciling;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>Reads the metadata of typed objects as <see cref="JsonAccess"/> reads that of untyped ones.</summary>
internal static class ObjectMetadata
{
    public static ObjectKey Key(this IKubernetesObject<V1ObjectMeta> obj) => ObjectKey.Of(obj);

    public static bool IsDeleting(this IKubernetesObject<V1ObjectMeta> obj) => obj.Metadata.DeletionTimestamp is not null;

    public static string UidOrEmpty(this IKubernetesObject<V1ObjectMeta> obj) => obj.Metadata.Uid ?? "";

    public static string NamespaceOrEmpty(this IKubernetesObject<V1ObjectMeta> obj) => obj.Metadata.NamespaceProperty ?? "";

    /// <summary>Whether the object has a controller ownerReference to the object with <paramref name="uid"/>.</summary>
    public static bool IsControlledBy(this IKubernetesObject<V1ObjectMeta> obj, string uid)
        => obj.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == uid) == true;

    public static V1OwnerReference? ControllerReference(this IKubernetesObject<V1ObjectMeta> obj)
        => obj.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
}
