using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;

namespace Harness.EnvTest.Core;

/// <summary>
/// A pod's <c>eviction</c> subresource (POST of a policy Eviction): with no PodDisruptionBudget served the pod is simply
/// deleted, answered 201 with a bare success Status, as kube-apiserver 1.32's EvictionREST.
/// </summary>
public sealed partial class ApiServer
{
    private async ValueTask<ApiResponse> EvictAsync(ResourceDefinition def, Route route, ApiRequest request, CancellationToken cancellationToken)
    {
        PodActionBody(route, request, "Eviction");
        var options = new DeleteOptions(null, null, null, null, IsDryRun(request));
        await DeleteObjectAsync(def, route.Namespace, route.Name!, options, request.User, cancellationToken);
        return Json(201, CreatedStatus);
    }
}
