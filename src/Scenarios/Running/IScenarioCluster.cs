using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;
using k8s;

namespace Harness.Scenarios.Running;

/// <summary>
/// What a scenario's body needs of the cluster it runs on, deterministic (<see cref="SimulatedScenarioCluster"/>) or on
/// real transports and processes (<see cref="LiveScenarioCluster"/>): its clock, its event log, the scenario's own
/// client, the faults it can switch and the CSI backends' contents the invariants compare.
/// </summary>
public interface IScenarioCluster
{
    TimeProvider Time { get; }

    TaskFactory Tasks { get; }

    DomainEventLog Events { get; }

    /// <summary>The scenario's own client (building the world, applying operations, reading state): no API faults reach it.</summary>
    IKubernetes Client { get; }

    /// <summary>Whether the components' clients meet the API server faults of the scenario's plan.</summary>
    bool ApiFaultsApply { get; }

    /// <summary>Raised with a booting guest's CSI volume handles, before the guest writes to them.</summary>
    event Action<IReadOnlyList<string>>? GuestBooting;

    /// <summary>Turns the plan's API server faults on (<paramref name="on"/>) or off; a no-op where they do not apply.</summary>
    void SwitchApiFaults(bool on);

    /// <summary>Replaces CSI driver <paramref name="driver"/>'s faults with <paramref name="faults"/> (its <c>--fault</c> arguments; none heals it).</summary>
    Task SwitchStorageFaultsAsync(string driver, IReadOnlyList<string> faults);

    /// <summary>The content hash of CSI volume <paramref name="handle"/> now, or null when no backend holds it.</summary>
    string? VolumeHash(string handle);

    /// <summary>The content hash of CSI snapshot <paramref name="handle"/>, or null when no backend holds it.</summary>
    string? SnapshotHash(string handle);

    /// <summary>The first <paramref name="length"/> bytes of CSI snapshot <paramref name="handle"/>, or null when no backend holds it.</summary>
    byte[]? SnapshotStart(string handle, int length);

    /// <summary>Pauses a running VMI as <c>virtctl pause</c> does, through <c>subresources.kubevirt.io</c>.</summary>
    Task PauseAsync(string namespaceName, string name);
}
