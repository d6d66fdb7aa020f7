using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;

namespace Harness.EnvTest.Tests.Serialization.GoStructs;

/// <summary>Keeps the object of every review and denies it, so that nothing is stored.</summary>
internal sealed class RecordingAdmissionHandler : IAdmissionHandler
{
    public ConcurrentQueue<JsonObject> Objects { get; } = new();

    public ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Object is JsonObject obj)
        {
            Objects.Enqueue((JsonObject)obj.DeepClone());
        }

        return ValueTask.FromResult(AdmissionResponse.Deny(request.Uid, "recorded"));
    }
}
