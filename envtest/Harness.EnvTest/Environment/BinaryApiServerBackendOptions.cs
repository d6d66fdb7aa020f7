using Microsoft.Extensions.Logging;

namespace Harness.EnvTest.Environment;

/// <summary>Options of <see cref="BinaryApiServerBackend"/>. <see cref="TestEnvironment"/> fills them from the environment variables it documents.</summary>
public sealed class BinaryApiServerBackendOptions
{
    /// <summary>The <c>etcd</c> binary.</summary>
    public required string EtcdPath { get; init; }

    /// <summary>The <c>kube-apiserver</c> binary.</summary>
    public required string KubeApiServerPath { get; init; }

    /// <summary>How long each binary may take to become healthy.</summary>
    /// <value>20 seconds (as envtest).</value>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long each binary may take to exit.</summary>
    /// <value>20 seconds (as envtest).</value>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether the binaries' output goes to this process's stdout/stderr.</summary>
    /// <value>false: it is kept (the last lines) for error messages only.</value>
    public bool AttachOutput { get; init; }

    /// <summary>Extra <c>--flag=value</c> arguments for kube-apiserver, appended after the defaults.</summary>
    public IReadOnlyList<string> ExtraApiServerFlags { get; init; } = [];

    /// <summary>Where to write the kubeconfig.</summary>
    /// <value>null: in the backend's temporary folder, removed on stop.</value>
    public string? KubeconfigPath { get; init; }

    /// <summary>The clock for waits, timeouts and certificate validity.</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>The seeded source of the bearer token and certificate serial numbers.</summary>
    public required Random Random { get; init; }

    /// <summary>Starts the garbage collector and namespace controller that run against the server.</summary>
    public required TaskFactory TaskFactory { get; init; }

    /// <summary>How often to poll <c>/health</c> and <c>/readyz</c> while starting.</summary>
    /// <value>100 milliseconds.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Where the backend logs its start and stop.</summary>
    /// <value>null: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; init; }
}
