using k8s;

namespace Harness.Controller.Clients;

/// <summary>Deep copies through the wire format, so a cached object is never changed in place.</summary>
internal static class ObjectCopy
{
    public static T Of<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    /// <summary>Whether two objects write the same JSON (KubeVirt's semantic deep-equal before a status write).</summary>
    public static bool SameJson<T>(T a, T b) => KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);
}
