using System.Text.Json;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Environment;
using Harness.Reconciling;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// Runs an <see cref="IAdmissionReviewer"/> (the controller's snapshot and restore webhooks, KubeVirt's VirtualMachine
/// rules) in the embedded server's admission chain, through the AdmissionReview JSON it would get over HTTPS.
/// </summary>
public sealed class AdmissionReviewerHandler(IAdmissionReviewer reviewer) : IAdmissionHandler
{
    /// <summary>The webhook of <paramref name="endpoint"/> as the embedded server registers one.</summary>
    public static AdmissionWebhook Webhook(ValidatingWebhookEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new AdmissionWebhook(endpoint.Name, Rules(endpoint), new AdmissionReviewerHandler(endpoint.Reviewer));
    }

    /// <summary>The rules of <paramref name="endpoint"/> in the embedded server's terms.</summary>
    public static IReadOnlyList<AdmissionRule> Rules(ValidatingWebhookEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return [.. endpoint.Rules.Select(rule => new AdmissionRule([.. rule.Operations], [.. rule.ApiGroups], [.. rule.ApiVersions], [.. rule.Resources], rule.Scope ?? "*"))];
    }

    public async ValueTask<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var review = JsonSerializer.SerializeToNode(new AdmissionReview { Request = request })!.AsObject();
        var answer = await reviewer.ReviewAsync(review, cancellationToken);
        return answer["response"].Deserialize<AdmissionResponse>() ?? throw new InvalidOperationException("the reviewer answered without a response");
    }
}
