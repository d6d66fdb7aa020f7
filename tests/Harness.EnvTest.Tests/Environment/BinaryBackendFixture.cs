using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Environment;

/// <summary>Real etcd + kube-apiserver, when <c>KUBEBUILDER_ASSETS</c> (or <c>TEST_ASSET_*</c>) names them.</summary>
public sealed class BinaryBackendFixture : ApiServerBackendFixture
{
    public const string HowToEnable = "set KUBEBUILDER_ASSETS to a folder holding etcd and kube-apiserver to run";

    /// <summary>The admission webhooks the environment serves over HTTPS and installs.</summary>
    public IReadOnlyList<AdmissionWebhook> Webhooks { get; init; } = [];

    protected override TestEnvironmentOptions? CreateOptions(out string skipReason)
    {
        var binary = TestEnvironment.BinaryOptions(new TestEnvironmentOptions() { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory });
        skipReason = HowToEnable;
        return binary is null ? null : new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Backend = new BinaryApiServerBackend(binary), WebhookInstallOptions = new WebhookInstallOptions { Webhooks = Webhooks } };
    }
}
