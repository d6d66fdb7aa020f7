using k8s;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>A deep copy of a typed object (unknown fields included), to change without touching a cached one.</summary>
internal static class TypedCopy
{
    public static T Of<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
