using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Harness.EnvTest.Admission;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.EnvTest.Http;

/// <summary>
/// Serves in-process admission handlers as HTTPS admission webhooks (<c>admission.k8s.io/v1</c> AdmissionReview),
/// one path per handler, on 127.0.0.1, so that a real kube-apiserver can call them.
/// </summary>
public sealed class AdmissionWebhookServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions ReviewJson = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _application;

    private AdmissionWebhookServer(WebApplication application, Uri url)
    {
        _application = application;
        Url = url;
    }

    /// <summary>The server's base URL, <c>https://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving <paramref name="handlers"/>, keyed by URL path (<c>/validate/...</c>).</summary>
    public static async Task<AdmissionWebhookServer> StartAsync(
        IReadOnlyDictionary<string, IAdmissionHandler> handlers, X509Certificate2 servingCertificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(servingCertificate);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(AdmissionWebhookServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(servingCertificate);
            });
        });
        var application = builder.Build();
        application.Run(context => ServeAsync(context, handlers));
        await application.StartAsync(cancellationToken);
        var address = application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new AdmissionWebhookServer(application, new Uri($"https://127.0.0.1:{new Uri(address).Port}"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _application.StopAsync(CancellationToken.None);
        await _application.DisposeAsync();
    }

    private static async Task ServeAsync(HttpContext context, IReadOnlyDictionary<string, IAdmissionHandler> handlers)
    {
        if (!handlers.TryGetValue(context.Request.Path.Value ?? string.Empty, out var handler))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        AdmissionReview? review;
        try
        {
            review = await JsonSerializer.DeserializeAsync<AdmissionReview>(context.Request.Body, ReviewJson, context.RequestAborted);
        }
        catch (JsonException malformed)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"malformed AdmissionReview: {malformed.Message}", context.RequestAborted);
            return;
        }

        if (review?.Request is not { } request)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("AdmissionReview without request", context.RequestAborted);
            return;
        }

        var response = await handler.ReviewAsync(request, context.RequestAborted);
        response.Uid = request.Uid;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new AdmissionReview { Response = response }, ReviewJson, context.RequestAborted);
    }
}
