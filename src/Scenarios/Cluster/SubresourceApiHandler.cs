using Harness.EnvTest.Requests;
using Harness.Simulators.KubeVirt.Subresources;

namespace Harness.Scenarios.Cluster;

/// <summary>Serves the KubeVirt simulator's <c>subresources.kubevirt.io</c> API as an aggregated API of the embedded server.</summary>
public sealed class SubresourceApiHandler(SubresourceApi api) : IApiHandler
{
    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await api.HandleAsync(request.Method, request.Path, request.Body, cancellationToken);
        return new BufferedApiResponse(response.StatusCode, response.ContentType, response.Body);
    }
}
