using Harness.EnvTest.Admission;

namespace Harness.Scenarios.Reproducing;

/// <summary>
/// The webhooks a dump's ValidatingWebhookConfigurations and MutatingWebhookConfigurations name are not reachable from a
/// reproduction (and a deterministic run makes no network calls): every call fails, so each configuration's
/// <c>failurePolicy</c> decides, as when the webhook's service is down.
/// </summary>
internal sealed class UnreachableWebhooks : IWebhookCaller
{
    public ValueTask<AdmissionReview> CallAsync(Uri url, byte[]? caBundle, AdmissionReview review, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new HttpRequestException("the webhook is not reachable from a reproduction; its failurePolicy applies");
}
