using System.Collections.Concurrent;
using Harness.EnvTest.Tests.Environment;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Backends;

/// <summary>
/// One started environment per <see cref="Backend"/> for a whole test collection (a real control plane takes seconds to start);
/// tests share them through <see cref="ScopeAsync"/>, each in a namespace of its own.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly EmbeddedBackendFixture _embedded = new();
    private readonly BinaryBackendFixture _binary = new();
    private readonly ConcurrentDictionary<(Backend, string), Lazy<Task>> _shared = new();
    private int _scopes;

    public async Task InitializeAsync() => await Task.WhenAll(_embedded.InitializeAsync(), _binary.InitializeAsync());

    public async Task DisposeAsync() => await Task.WhenAll(_embedded.DisposeAsync(), _binary.DisposeAsync());

    /// <summary>
    /// A fresh namespace on <paramref name="backend"/>, deleted when the scope is disposed; skips the test when that backend is
    /// absent here.
    /// </summary>
    public async Task<ClusterScope> ScopeAsync(Backend backend)
    {
        ApiServerBackendFixture fixture = backend == Backend.Embedded ? _embedded : _binary;
        fixture.SkipIfUnavailable();
        var name = $"t{Interlocked.Increment(ref _scopes)}-{backend.ToString().ToLowerInvariant()}";
        var client = fixture.Environment.Client;
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return new ClusterScope(backend, fixture.Environment, name, (key, setUp) => _shared.GetOrAdd((backend, key), _ => new Lazy<Task>(setUp)).Value);
    }
}
