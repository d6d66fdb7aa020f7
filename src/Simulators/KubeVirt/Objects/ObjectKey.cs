namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>The <c>namespace/name</c> key of an object; cluster-scoped objects have an empty namespace.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>Formats the key as client-go does: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
