namespace Harness.EnvTest.Environment;

/// <summary>The names of the environment variables <see cref="TestEnvironment"/> reads (documented there).</summary>
public static class TestEnvironmentVariables
{
    /// <summary><c>USE_EXISTING_CLUSTER</c>.</summary>
    public const string UseExistingCluster = "USE_EXISTING_CLUSTER";

    /// <summary><c>KUBECONFIG</c>.</summary>
    public const string Kubeconfig = "KUBECONFIG";

    /// <summary><c>KUBEBUILDER_ASSETS</c>.</summary>
    public const string KubebuilderAssets = "KUBEBUILDER_ASSETS";

    /// <summary><c>TEST_ASSET_KUBE_APISERVER</c>.</summary>
    public const string KubeApiServerBinary = "TEST_ASSET_KUBE_APISERVER";

    /// <summary><c>TEST_ASSET_ETCD</c>.</summary>
    public const string EtcdBinary = "TEST_ASSET_ETCD";

    /// <summary><c>KUBEBUILDER_CONTROLPLANE_START_TIMEOUT</c>.</summary>
    public const string StartTimeout = "KUBEBUILDER_CONTROLPLANE_START_TIMEOUT";

    /// <summary><c>KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT</c>.</summary>
    public const string StopTimeout = "KUBEBUILDER_CONTROLPLANE_STOP_TIMEOUT";

    /// <summary><c>KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT</c>.</summary>
    public const string AttachControlPlaneOutput = "KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT";
}
