using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.Reconciling;

namespace Harness.Controller.Tests.Admission;

/// <summary>Runs an <see cref="IAdmissionReviewer"/> in the embedded server's admission chain, through the AdmissionReview JSON it would get over HTTPS.</summary>
internal sealed class AdmissionReviewerHandler(IAdmissionReviewer reviewer) : IAdmissionHandler
{
    public async ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var review = JsonSerializer.SerializeToNode(new AdmissionReview { Request = request })!.AsObject();
        var answer = await reviewer.ReviewAsync(review, cancellationToken);
        return answer["response"].Deserialize<AdmissionResponse>() ?? throw new InvalidOperationException("the reviewer answered without a response");
    }
}
