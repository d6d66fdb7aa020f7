using Harness.EnvTest.Environment;
using k8s;

namespace Harness.EnvTest.Tests.Backends;

/// <summary>One test's share of a backend: the client, a namespace of its own (deleted at the end) and kubectl.</summary>
public sealed class ClusterScope(Backend backend, TestEnvironment environment, string @namespace) : IAsyncDisposable
{
    public Backend Backend { get; } = backend;

    public IKubernetes Client => environment.Client;

    public string Namespace { get; } = @namespace;

    public string KubeconfigPath => environment.KubeconfigPath;

    /// <summary>A name unique to this test for cluster-scoped objects: <paramref name="prefix"/> and the namespace's name.</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Namespace}";

    public async ValueTask DisposeAsync() => await Client.CoreV1.DeleteNamespaceAsync(Namespace);
}
