namespace Harness.EnvTest.Admission;

/// <summary>Sends an AdmissionReview to a webhook URL and returns its answer.</summary>
public interface IWebhookCaller
{
    /// <summary>
    /// POSTs <paramref name="review"/> to <paramref name="url"/>, trusting <paramref name="caBundle"/> (PEM, may be null: system trust),
    /// within <paramref name="timeout"/>. Throws on transport failures and non-2xx answers.
    /// </summary>
    ValueTask<AdmissionReview> CallAsync(Uri url, byte[]? caBundle, AdmissionReview review, TimeSpan timeout, CancellationToken cancellationToken);
}
