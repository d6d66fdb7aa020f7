using Harness.Controller.Tests.Admission;
using Harness.EnvTest.Environment;
using k8s;

namespace Harness.Controller.Tests.Hosting;

/// <summary>The embedded API server over HTTPS, with the CRDs and the KubeVirt installation, and no admission: the process under test brings its own.</summary>
public sealed class ControllerClusterFixture : AdmissionFixture
{
    protected override TestEnvironmentOptions? CreateOptions(out string skipReason)
    {
        skipReason = "";
        return new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EnvironmentVariable = _ => null };
    }

    protected override Task InstallAsync(IKubernetes client) => Task.CompletedTask;
}
