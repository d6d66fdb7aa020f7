namespace Harness.Scenarios.Cli;

/// <summary>The API server <c>harness up</c> runs the cluster on.</summary>
internal enum UpBackend
{
    /// <summary>The embedded API server, in the <c>harness</c> process.</summary>
    Embedded,

    /// <summary>etcd and kube-apiserver from <c>KUBEBUILDER_ASSETS</c>.</summary>
    Binaries,

    /// <summary>The cluster of <c>KUBECONFIG</c> (its first entry; default <c>~/.kube/config</c>).</summary>
    Existing,
}
