using Harness.EnvTest.Crds;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Environment;

/// <summary>Which CustomResourceDefinitions a <see cref="TestEnvironment"/> installs, and how long it waits for them.</summary>
public sealed class CrdInstallOptions
{
    /// <summary>The CRDs to install (created, or replaced when they exist).</summary>
    /// <value>The harness's own manifests from <c>envtest/crds/</c>.</value>
    public IReadOnlyList<V1CustomResourceDefinition>? Crds { get; init; }

    /// <summary>The harness's own CRDs (<c>envtest/crds/</c>): kubevirt.io, snapshot.kubevirt.io, snapshot.storage.k8s.io, groupsnapshot.storage.k8s.io, cdi.kubevirt.io, instancetype.kubevirt.io, clone.kubevirt.io.</summary>
    public static IReadOnlyList<V1CustomResourceDefinition> HarnessCrds()
        => CrdManifests.ReadAllJson().Select(json => KubernetesJson.Deserialize<V1CustomResourceDefinition>(json.ToJsonString())).ToArray();

    /// <summary>How often to ask the server whether the CRDs are served and Established.</summary>
    /// <value>50 milliseconds.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long to wait for every CRD to be served and Established before failing.</summary>
    /// <value>10 seconds (as envtest's <c>MaxTime</c>).</value>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether <see cref="TestEnvironment.StopAsync"/> deletes the CRDs again (useful on an existing cluster).</summary>
    /// <value>false.</value>
    public bool CleanUpAfterUse { get; init; }
}
