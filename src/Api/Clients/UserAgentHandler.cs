using System.Net.Http.Headers;

namespace Harness.Api.Clients;

/// <summary>
/// Names the component behind a client in every request's <c>User-Agent</c> (<c>PRODUCT/harness</c>), as client-go's
/// binaries do (<c>virt-controller/v1.5.0 ...</c>): the API server takes the product as the default field manager, and
/// the harness tells components' requests apart by it.
/// </summary>
/// <remarks>Pass it to <c>new Kubernetes(configuration, new UserAgentHandler("PRODUCT"))</c>.</remarks>
public sealed class UserAgentHandler : DelegatingHandler
{
    private readonly ProductInfoHeaderValue product;

    /// <param name="product">An HTTP token: letters, digits and <c>-</c>, say <c>harness-controller</c>.</param>
    public UserAgentHandler(string product)
    {
        ArgumentException.ThrowIfNullOrEmpty(product);
        this.product = new ProductInfoHeaderValue(product, "harness");
    }

    /// <summary>The product of a <c>User-Agent</c> header value (the text before its first <c>/</c> or space), or null.</summary>
    public static string? ProductOf(string? userAgent) =>
        string.IsNullOrEmpty(userAgent) ? null : userAgent.Split('/', ' ')[0];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.UserAgent.Clear();
        request.Headers.UserAgent.Add(product);
        return base.SendAsync(request, cancellationToken);
    }
}
