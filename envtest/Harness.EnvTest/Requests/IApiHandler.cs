namespace Harness.EnvTest.Requests;

/// <summary>Serves Kubernetes REST requests. The API server core implements it; both transports call it.</summary>
public interface IApiHandler
{
    /// <summary>Answers one request. Errors are answered as <c>metav1.Status</c> bodies, never thrown.</summary>
    ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken);
}
