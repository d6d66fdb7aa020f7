using System.Text;
using Harness.EnvTest.Requests;
using Harness.Simulators.KubeVirt.Subresources;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// Serves the KubeVirt simulator's <c>subresources.kubevirt.io</c> API as an aggregated API of the embedded server.
/// While no simulator runs (<paramref name="api"/> answers null) it answers as kube-apiserver's aggregator does for an
/// unavailable backend: 503 with the text <c>service unavailable</c>.
/// </summary>
public sealed class SubresourceApiHandler(Func<SubresourceApi?> api) : IApiHandler
{
    private static readonly byte[] Unavailable = Encoding.UTF8.GetBytes("service unavailable\n");

    public SubresourceApiHandler(SubresourceApi api)
        : this(() => api)
    {
    }

    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (api() is not { } running)
        {
            return new BufferedApiResponse(503, "text/plain; charset=utf-8", Unavailable);
        }

        var response = await running.HandleAsync(request.Method, request.Path, request.Body, cancellationToken);
        return new BufferedApiResponse(response.StatusCode, response.ContentType, response.Body);
    }
}
