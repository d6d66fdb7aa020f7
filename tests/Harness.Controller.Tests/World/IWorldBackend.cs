using Harness.EnvTest.Admission;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi.Storage;
using k8s;

namespace Harness.Controller.Tests.World;

/// <summary>
/// What a <see cref="ControllerWorld"/> runs on: the deterministic <see cref="SimulatedWorldBackend"/> (embedded API
/// server, virtual time) or the <see cref="LiveWorldBackend"/> (the real kube-apiserver and etcd, processes, real time).
/// The world's helpers and the test bodies speak only through this.
/// </summary>
internal interface IWorldBackend
{
    /// <summary>The client of the test: in-process or HTTPS.</summary>
    Kubernetes Client { get; }

    /// <summary>The namespace the test works in.</summary>
    string Namespace { get; }

    TimeProvider Time { get; }

    /// <summary>How long a wait polls between probes.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>How long a wait without an explicit limit waits.</summary>
    TimeSpan DefaultWait { get; }

    /// <summary>The kind of time of <see cref="Time"/>, for failure messages (<c>virtual time</c>, <c>real time</c>).</summary>
    string Clock { get; }

    /// <summary>The started cluster around the API server: its components can be crashed and restarted.</summary>
    HarnessCluster Cluster { get; }

    /// <summary>The cluster's domain events: guest freezes and thaws, snapshot cuts, phases.</summary>
    DomainEventLog Events { get; }

    /// <summary>The default CSI driver's backend as it is now: volumes' and snapshots' contents.</summary>
    VolumeStore Storage();

    /// <summary>The last record the running guest of VMI <paramref name="vmi"/> committed to its journal; null when its disks cannot be read from here.</summary>
    Task<long?> JournalPositionAsync(string vmi);

    /// <summary>A PUT to <paramref name="path"/> (a <c>subresources.kubevirt.io</c> call) through the API server; its HTTP code.</summary>
    Task<int> PutAsync(string path, string body);

    /// <summary>
    /// Makes the API server call <paramref name="handler"/> for the requests in the test's namespace that
    /// <paramref name="rules"/> match, as the validating webhook <paramref name="name"/> (failure policy Fail).
    /// </summary>
    Task RegisterValidatingAdmissionAsync(string name, IReadOnlyList<AdmissionRule> rules, IAdmissionHandler handler);

    /// <summary>What the controller reported failing lately, for failure messages.</summary>
    string DescribeControllerErrors();
}
