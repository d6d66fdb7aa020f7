namespace Harness.Controller.Tests.World;

/// <summary>The worlds a <see cref="WorldsAttribute"/> case runs in.</summary>
public enum WorldKind
{
    /// <summary>The deterministic world: embedded API server, in-process simulators, virtual time. Always.</summary>
    Deterministic,

    /// <summary>The live world on the real etcd 3.5 and kube-apiserver 1.32, in real time: when <c>KUBEBUILDER_ASSETS</c> names them.</summary>
    Live,
}
