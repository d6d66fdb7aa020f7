using k8s;

namespace Harness.EnvTest.Environment;

/// <summary>
/// Something that runs (or reaches) a Kubernetes API server for a <see cref="TestEnvironment"/>:
/// <see cref="EmbeddedApiServerBackend"/>, <see cref="BinaryApiServerBackend"/> or <see cref="ExistingClusterBackend"/>.
/// </summary>
public interface IApiServerBackend : IAsyncDisposable
{
    /// <summary>A short name for messages and test names: <c>embedded</c>, <c>binary</c>, <c>existing</c>.</summary>
    string Name { get; }

    /// <summary>Starts the API server and waits until it is ready; returns how to reach it.</summary>
    Task<ApiServerConnection> StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts the API server and runs <paramref name="prepare"/> (installing CRDs, for example) with a client of it as early
    /// as the backend allows; returns how to reach the server once both are done. By default <paramref name="prepare"/>
    /// runs after <see cref="StartAsync(CancellationToken)"/>, through a client of the returned connection.
    /// </summary>
    async Task<ApiServerConnection> StartAsync(Func<IKubernetes, CancellationToken, Task> prepare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        var connection = await StartAsync(cancellationToken);
        using var client = new Kubernetes(connection.Configuration);
        await prepare(client, cancellationToken);
        return connection;
    }

    /// <summary>Stops what <see cref="StartAsync"/> started and removes what it made (processes, folders, ports).</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
