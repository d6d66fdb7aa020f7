using Harness.EnvTest.Environment;

namespace Harness.Controller.Tests.Admission;

/// <summary>A real etcd + kube-apiserver (<c>KUBEBUILDER_ASSETS</c>) calling the admission over HTTPS.</summary>
public sealed class BinaryHttpsAdmissionFixture : HttpsAdmissionFixture
{
    private const string HowToEnable =
        "set KUBEBUILDER_ASSETS to a folder holding etcd and kube-apiserver to run these on the real kube-apiserver";

    protected override bool AllowStartFailure => true;

    protected override TestEnvironmentOptions? CreateOptions(out string skipReason)
    {
        skipReason = HowToEnable;
        var binary = TestEnvironment.BinaryOptions(new TestEnvironmentOptions() { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory });
        return binary is null ? null : new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Backend = new BinaryApiServerBackend(binary) };
    }
}
