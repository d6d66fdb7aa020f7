using Harness.Api.Clients;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi.Faults;
using k8s;

namespace Harness.Scenarios.Running;

/// <summary>
/// A scenario's <see cref="LiveCluster"/>: real time, the CSI drivers, guest agents and controller as processes, no
/// API server faults (nothing stands between the components and the server) and CSI faults only as a driver starts.
/// Volume and snapshot contents are read from the driver processes' state directories.
/// </summary>
public sealed class LiveScenarioCluster : IScenarioCluster
{
    private readonly LiveCluster live;

    public LiveScenarioCluster(LiveCluster live, IKubernetes client, TimeProvider time, TaskFactory tasks)
    {
        ArgumentNullException.ThrowIfNull(live);
        this.live = live;
        Client = client;
        Time = time;
        Tasks = tasks;
        live.Guests.Booting += handles => GuestBooting?.Invoke(handles);
    }

    public event Action<IReadOnlyList<string>>? GuestBooting;

    public TimeProvider Time { get; }

    public TaskFactory Tasks { get; }

    public DomainEventLog Events => live.Cluster.Events;

    public IKubernetes Client { get; }

    public bool ApiFaultsApply => false;

    public void SwitchApiFaults(bool on)
    {
    }

    public CsiFaults? StorageFaults(string driver) => null;

    public string? VolumeHash(string handle) =>
        live.DriverNames.Select(d => live.ReadDriverState(d, Time)).FirstOrDefault(s => s.VolumeIds.Contains(handle))?.GetVolumeContentHash(handle);

    public string? SnapshotHash(string handle) =>
        live.DriverNames.Select(d => live.ReadDriverState(d, Time)).FirstOrDefault(s => s.SnapshotIds.Contains(handle))?.GetSnapshotContentHash(handle);

    public Task PauseAsync(string namespaceName, string name) => new SubresourcesClient(Client).PauseAsync(namespaceName, name);
}
