namespace Harness.EnvTest.Tests.Backends;

/// <summary>The API servers a <see cref="BackendsAttribute"/> test runs on.</summary>
public enum Backend
{
    /// <summary>The embedded API server over HTTPS: always.</summary>
    Embedded,

    /// <summary>Real etcd 3.5 and kube-apiserver 1.32: when <c>KUBEBUILDER_ASSETS</c> names them.</summary>
    Binary,
}
