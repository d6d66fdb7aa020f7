using Harness.Simulators.Csi.Faults.Control;
using Harness.Simulators.Csi.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Hosting;

/// <summary>
/// Serves a <see cref="CsiDriverSimulator"/> over gRPC (HTTP/2 only) on a Unix socket, as CSI drivers do, with the
/// harness's <see cref="FaultControlService"/> beside CSI's services.
/// </summary>
public sealed class CsiDriverServer : IAsyncDisposable
{
    /// <summary>What the driver process logs once it serves: the start of its first line.</summary>
    public const string ServingMessage = "Serving CSI driver";

    private readonly WebApplication app;

    private CsiDriverServer(WebApplication app, string socketPath)
    {
        this.app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>Binds the socket (replacing a stale socket file) and starts serving.</summary>
    /// <exception cref="IOException">Something other than a socket is in the way, or the socket cannot be bound.</exception>
    public static async Task<CsiDriverServer> StartAsync(CsiDriverSimulator driver, string socketPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(driver);
        RemoveStaleSocket(socketPath);
        // The empty builder: no configuration files, environment or logging providers to read and set up in a fresh process.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(CsiDriverServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(driver.IdentityService);
        builder.Services.AddSingleton(driver.ControllerService);
        builder.Services.AddSingleton(driver.GroupControllerService);
        builder.Services.AddSingleton(driver.NodeService);
        builder.Services.AddSingleton(new FaultControlService(driver.Faults));
        var app = builder.Build();
        app.MapGrpcService<IdentityService>();
        app.MapGrpcService<ControllerService>();
        app.MapGrpcService<GroupControllerService>();
        app.MapGrpcService<NodeService>();
        app.MapGrpcService<FaultControlService>();
        await app.StartAsync(cancellationToken);
        return new CsiDriverServer(app, socketPath);
    }

    /// <summary>Completes when the host is asked to stop (SIGTERM, SIGINT).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        File.Delete(SocketPath);
    }

    private static void RemoveStaleSocket(string socketPath)
    {
        if (Directory.Exists(socketPath))
        {
            throw new IOException($"{socketPath} is a directory, not a socket path");
        }

        var info = new FileInfo(socketPath);
        if (!info.Exists)
        {
            Directory.CreateDirectory(info.DirectoryName ?? ".");
            return;
        }

        info.Delete();
    }
}
