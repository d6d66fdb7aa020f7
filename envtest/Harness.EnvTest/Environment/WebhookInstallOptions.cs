namespace Harness.EnvTest.Environment;

/// <summary>Which admission webhooks a <see cref="TestEnvironment"/> installs, and how.</summary>
public sealed class WebhookInstallOptions
{
    /// <summary>The webhooks, in the order they run (mutating ones before validating ones, as kube-apiserver does).</summary>
    /// <value>None.</value>
    public IReadOnlyList<AdmissionWebhook> Webhooks { get; init; } = [];

    /// <summary>
    /// Whether the embedded backend also reaches the webhooks over HTTPS (through webhook configurations) instead of
    /// calling them in-process; the binary and existing-cluster backends always do.
    /// </summary>
    /// <value>false.</value>
    public bool ServeOverHttps { get; init; }

    /// <summary>How long the API server waits for one webhook call.</summary>
    /// <value>10 seconds (kube's default).</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
