using Harness.EnvTest.Requests;

namespace Harness.Scenarios.Tests.Faults;

/// <summary>A server that answers every request with one response.</summary>
internal sealed class FixedAnswer(ApiResponse response) : IApiHandler
{
    public ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(response);
}
