using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Environment;

/// <summary>A cluster that already runs, when <c>USE_EXISTING_CLUSTER=true</c>.</summary>
public sealed class ExistingClusterBackendFixture : ApiServerBackendFixture
{
    public const string HowToEnable = "set USE_EXISTING_CLUSTER=true and KUBECONFIG to a cluster's kubeconfig to run";

    protected override TestEnvironmentOptions? CreateOptions(out string skipReason)
    {
        skipReason = HowToEnable;
        if (!string.Equals(System.Environment.GetEnvironmentVariable(TestEnvironmentVariables.UseExistingCluster), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var kubeconfig = ExistingClusterBackend.DefaultKubeconfigPath(System.Environment.GetEnvironmentVariable);
        return new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Backend = new ExistingClusterBackend(kubeconfig) };
    }
}
