using System.Net;
using Harness.EnvTest.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.EnvTest.Http;

/// <summary>
/// Serves an <see cref="IApiHandler"/> (the API server core) as Kubernetes REST over HTTPS on 127.0.0.1:
/// HTTP/1.1 and HTTP/2, bearer-token authentication, chunked watch streams flushed per event.
/// </summary>
public sealed class ApiHttpsServer : IAsyncDisposable
{
    private readonly WebApplication _application;
    private int _stopped;

    private ApiHttpsServer(WebApplication application, Uri url)
    {
        _application = application;
        Url = url;
    }

    /// <summary>The server's base URL, <c>https://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; }

    /// <summary>The TCP port the server listens on.</summary>
    public int Port => Url.Port;

    /// <summary>Starts listening; returns once the port is bound.</summary>
    public static Task<ApiHttpsServer> StartAsync(IApiHandler handler, ApiHttpsServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return StartAsync(Task.FromResult(handler), options, cancellationToken);
    }

    /// <summary>
    /// Builds the server while <paramref name="handler"/> is being made, then starts listening with it; returns once the
    /// port is bound.
    /// </summary>
    internal static async Task<ApiHttpsServer> StartAsync(Task<IApiHandler> handler, ApiHttpsServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        if (!options.ServingCertificate.HasPrivateKey)
        {
            throw new ArgumentException("the serving certificate has no private key", nameof(options));
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ApiHttpsServer).Assembly.GetName().Name });
        // Kestrel continues each connection's work on the thread that completed its socket operation instead of queueing
        // it again (the core never blocks a thread): one thread-pool hop less per request and per watch frame.
        builder.WebHost.UseKestrelCore().UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true).ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            // kube-apiserver leaves its --http2-max-streams-per-connection at 0: Go's default of 250 concurrent streams.
            // Kestrel's 100 would stall a client that multiplexes more watches than that over its one connection.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 250;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(options.ServingCertificate);
            });
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        if (options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton(loggerFactory);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        var application = builder.Build();
        try
        {
            var endpoint = new ApiHttpEndpoint(await handler, options.Token, options.User, application.Lifetime.ApplicationStopping);
            application.Run(endpoint.HandleAsync);
            await application.StartAsync(cancellationToken);
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }

        var address = application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var port = new Uri(address).Port;
        return new ApiHttpsServer(application, new Uri($"https://127.0.0.1:{port}"));
    }

    /// <summary>Stops listening: open watches end at once, other requests get <see cref="ApiHttpsServerOptions.ShutdownTimeout"/> to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _application.StopAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _application.DisposeAsync();
    }
}
