using System.Collections.Concurrent;
using Harness.EnvTest.Admission;

namespace Harness.EnvTest.Tests.Environment;

/// <summary>Denies objects whose name starts with <c>forbidden</c>; records what it reviewed.</summary>
internal sealed class DenyingAdmissionHandler : IAdmissionHandler
{
    public ConcurrentQueue<AdmissionRequest> Reviewed { get; } = new();

    public ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        Reviewed.Enqueue(request);
        return ValueTask.FromResult(request.Name?.StartsWith("forbidden", StringComparison.Ordinal) == true
            ? AdmissionResponse.Deny(request.Uid, $"{request.Name} is not allowed")
            : AdmissionResponse.Allow(request.Uid));
    }
}
