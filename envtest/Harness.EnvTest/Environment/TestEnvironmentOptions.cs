using Harness.EnvTest.Loading;
using Harness.EnvTest.Requests;
using Microsoft.Extensions.Logging;

namespace Harness.EnvTest.Environment;

/// <summary>Options of <see cref="TestEnvironment"/>.</summary>
public sealed class TestEnvironmentOptions
{
    /// <summary>The backend to run.</summary>
    /// <value>null: chosen from the environment variables that <see cref="TestEnvironment"/> documents.</value>
    public IApiServerBackend? Backend { get; init; }

    /// <summary>Which CRDs to install and how long to wait for them.</summary>
    public CrdInstallOptions CrdInstallOptions { get; init; } = new();

    /// <summary>Which admission webhooks to install, and how.</summary>
    public WebhookInstallOptions WebhookInstallOptions { get; init; } = new();

    /// <summary>
    /// A dump of another cluster's objects that the embedded backend loads once the CRDs are served and before its
    /// garbage collector and namespace controller start (<see cref="Core.ApiServer.Load"/>); the other backends refuse one.
    /// </summary>
    /// <value>None.</value>
    public IReadOnlyList<SourcedObject> Dump { get; init; } = [];

    /// <summary>The embedded backend's port on 127.0.0.1 (ignored by the other backends).</summary>
    /// <value>0: an ephemeral port.</value>
    public int Port { get; init; }

    /// <summary>Where the embedded and binary backends write the kubeconfig.</summary>
    /// <value>null: a temporary file removed on stop.</value>
    public string? KubeconfigPath { get; init; }

    /// <summary>What the embedded backend serves.</summary>
    /// <value>null: a new API server core (<see cref="Core.ApiServer"/>).</value>
    public IApiHandler? EmbeddedHandler { get; init; }

    /// <summary>What the embedded backend serves in front of <see cref="EmbeddedHandler"/> or its new core (a fault layer, say).</summary>
    /// <value>null: nothing in front.</value>
    public Func<IApiHandler, IApiHandler>? EmbeddedFront { get; init; }

    /// <summary>The clock for waits, timeouts and certificate validity.</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Starts concurrent work: the embedded backend's HTTPS front and its core's background controllers.</summary>
    public required TaskFactory TaskFactory { get; init; }

    /// <summary>The seed of the bearer token, certificate serial numbers and the embedded core's uids.</summary>
    /// <value>0.</value>
    public int Seed { get; init; }

    /// <summary>Reads an environment variable; tests replace it.</summary>
    /// <value><see cref="System.Environment.GetEnvironmentVariable(string)"/>.</value>
    public Func<string, string?> EnvironmentVariable { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Where the environment and its backend log.</summary>
    /// <value>null: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; init; }
}
