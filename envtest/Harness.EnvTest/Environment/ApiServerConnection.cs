using k8s;

namespace Harness.EnvTest.Environment;

/// <summary>How to reach a running API server: a client configuration and the kubeconfig file it was read from.</summary>
/// <param name="Configuration">The configuration for <c>new Kubernetes(configuration)</c>.</param>
/// <param name="KubeconfigPath">The absolute path of the kubeconfig file (for kubectl: <c>KUBECONFIG=...</c>).</param>
public sealed record ApiServerConnection(KubernetesClientConfiguration Configuration, string KubeconfigPath)
{
    /// <summary>
    /// A client of <see cref="Configuration"/> that has already reached the server (its connection is open), owned and
    /// disposed by the backend; null when the backend has none.
    /// </summary>
    public Kubernetes? ReadyClient { get; init; }
}
