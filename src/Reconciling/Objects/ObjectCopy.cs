using Harness.Reflectors;

namespace Harness.Reconciling;

/// <summary>Deep copies through the wire format, so a cached object is never changed in place.</summary>
public static class ObjectCopy
{
    public static T Of<T>(T obj) => KubernetesUtf8Json.Deserialize<T>(KubernetesUtf8Json.Serialize(obj!))!;

    /// <summary>Reads the JSON <paramref name="obj"/> writes as a <typeparamref name="T"/> (another model of the same object).</summary>
    public static T As<T>(object obj) => KubernetesUtf8Json.Deserialize<T>(KubernetesUtf8Json.Serialize(obj))!;

    /// <summary>Whether two objects write the same JSON (KubeVirt's semantic deep-equal before a status write).</summary>
    public static bool SameJson<T>(T a, T b) => KubernetesUtf8Json.Serialize(a!).AsSpan().SequenceEqual(KubernetesUtf8Json.Serialize(b!));
}
