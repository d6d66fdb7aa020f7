using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Reconciling;

/// <summary>
/// Serves <see cref="IAdmissionReviewer"/>s as HTTPS admission webhooks on 127.0.0.1, one URL path each, as
/// kube-apiserver calls them: <c>POST</c> of an AdmissionReview, answered with the AdmissionReview carrying the
/// response (its <c>uid</c> set to the request's). A body that is no AdmissionReview with a request answers 400.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication application;

    private WebhookServer(WebApplication application, Uri url)
    {
        this.application = application;
        Url = url;
    }

    /// <summary>The base URL, <c>https://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts serving <paramref name="reviewers"/> (keyed by path, such as <c>/virtualmachinesnapshots-validate</c>) on
    /// 127.0.0.1:<paramref name="port"/> (0: any free port). A port in use throws <see cref="IOException"/>.
    /// </summary>
    public static async Task<WebhookServer> StartAsync(
        IReadOnlyDictionary<string, IAdmissionReviewer> reviewers, X509Certificate2 servingCertificate, int port, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reviewers);
        ArgumentNullException.ThrowIfNull(servingCertificate);
        ArgumentNullException.ThrowIfNull(logger);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(WebhookServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(servingCertificate);
            });
        });
        var application = builder.Build();
        application.Run(context => ServeAsync(context, reviewers, logger));
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
        return new WebhookServer(application, new Uri($"https://127.0.0.1:{new Uri(address).Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await application.StopAsync(CancellationToken.None);
        await application.DisposeAsync();
    }

    private static async Task ServeAsync(HttpContext context, IReadOnlyDictionary<string, IAdmissionReviewer> reviewers, ILogger logger)
    {
        if (!reviewers.TryGetValue(context.Request.Path.Value ?? "", out var reviewer))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        JsonObject? review;
        try
        {
            review = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException malformed)
        {
            await BadRequestAsync(context, $"malformed AdmissionReview: {malformed.Message}");
            return;
        }

        if (review?["request"] is not JsonObject request)
        {
            await BadRequestAsync(context, "AdmissionReview without request");
            return;
        }

        var answer = await reviewer.ReviewAsync(review, context.RequestAborted);
        if (answer["response"] is JsonObject response)
        {
            response["uid"] = request["uid"]?.DeepClone();
            if (response["allowed"]?.GetValue<bool>() == false)
            {
                logger.LogInformation("Denied {Operation} {Resource} {Namespace}/{Name}: {Message}",
                    request["operation"]?.ToString(), request["resource"]?["resource"]?.ToString(), request["namespace"]?.ToString(), request["name"]?.ToString(),
                    response["status"]?["message"]?.ToString());
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    private static async Task BadRequestAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync(message, context.RequestAborted);
    }
}
