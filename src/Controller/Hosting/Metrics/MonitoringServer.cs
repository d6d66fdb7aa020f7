using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Controller.Hosting;

/// <summary>
/// Plain HTTP on 127.0.0.1: <c>/metrics</c> (Prometheus text), <c>/healthz</c> (200 <c>ok</c> while the process
/// runs) and <c>/readyz</c> (200 <c>ok</c> once <see cref="ProcessHealth"/> says ready, else 503 with the reason).
/// </summary>
public sealed class MonitoringServer : IAsyncDisposable
{
    private readonly WebApplication application;

    private MonitoringServer(WebApplication application, Uri url)
    {
        this.application = application;
        Url = url;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0: any free port); a port in use throws <see cref="IOException"/>.</summary>
    public static async Task<MonitoringServer> StartAsync(int port, PrometheusExposition exposition, ProcessHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        ArgumentNullException.ThrowIfNull(health);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(MonitoringServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var application = builder.Build();
        application.Run(context => context.Request.Path.Value switch
        {
            "/metrics" => WriteAsync(context, StatusCodes.Status200OK, exposition.Scrape(), PrometheusExposition.ContentType),
            "/healthz" or "/livez" => WriteAsync(context, StatusCodes.Status200OK, "ok"),
            "/readyz" => health.NotReadyReason is { } reason
                ? WriteAsync(context, StatusCodes.Status503ServiceUnavailable, reason)
                : WriteAsync(context, StatusCodes.Status200OK, "ok"),
            _ => WriteAsync(context, StatusCodes.Status404NotFound, "404 page not found"),
        });
        try
        {
            await application.StartAsync(cancellationToken);
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }

        var address = application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new MonitoringServer(application, new Uri($"http://127.0.0.1:{new Uri(address).Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await application.StopAsync(CancellationToken.None);
        await application.DisposeAsync();
    }

    private static Task WriteAsync(HttpContext context, int status, string body, string contentType = "text/plain; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
