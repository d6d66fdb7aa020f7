using Harness.EnvTest.Requests;
using Microsoft.Extensions.Logging;

namespace Harness.EnvTest.Environment;

/// <summary>Options of <see cref="EmbeddedApiServerBackend"/>.</summary>
public sealed class EmbeddedApiServerBackendOptions
{
    /// <summary>What to serve over HTTPS.</summary>
    /// <value>null: a new <see cref="Core.ApiServer"/> (seeded from <see cref="Seed"/>), stopped with the backend.</value>
    public IApiHandler? Handler { get; init; }

    /// <summary>What serves in front of <see cref="Handler"/> (or the new core): it gets every request, HTTPS and set-up alike.</summary>
    /// <value>null: the handler itself.</value>
    public Func<IApiHandler, IApiHandler>? Front { get; init; }

    /// <summary>The seed of the API server core made when <see cref="Handler"/> is null (uids, generated names).</summary>
    /// <value>0.</value>
    public int Seed { get; init; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    /// <value>0: an ephemeral port.</value>
    public int Port { get; init; }

    /// <summary>Where to write the kubeconfig.</summary>
    /// <value>null: a file in a temporary folder that <see cref="EmbeddedApiServerBackend.StopAsync"/> removes.</value>
    public string? KubeconfigPath { get; init; }

    /// <summary>The clock for certificate validity.</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Starts the HTTPS front alongside in-process preparation, and the core's background controllers.</summary>
    public required TaskFactory TaskFactory { get; init; }

    /// <summary>The seeded source of the bearer token and certificate serial numbers.</summary>
    public required Random Random { get; init; }

    /// <summary>Where the HTTPS front logs warnings and errors.</summary>
    /// <value>null: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; init; }
}
