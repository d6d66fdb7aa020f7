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

    /// <summary>Stops what <see cref="StartAsync"/> started and removes what it made (processes, folders, ports).</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
