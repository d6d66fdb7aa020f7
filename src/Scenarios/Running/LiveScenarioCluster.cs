using Harness.Api.Clients;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Faults.Api;
using Harness.Simulators.Csi.Storage;
using k8s;

namespace Harness.Scenarios.Running;

/// <summary>
/// A scenario's <see cref="LiveCluster"/>: real time, the CSI drivers, guest agents and controller as processes; API
/// server faults only where the embedded server serves (a <see cref="ComponentFaultRouter"/> in front of it), CSI faults
/// switched over each driver process's fault-control service.
/// Volume and snapshot contents are read from the driver processes' state directories.
/// </summary>
public sealed class LiveScenarioCluster : IScenarioCluster
{
    private readonly LiveCluster live;
    private readonly ApiFaults? apiFaults;

    /// <param name="apiFaults">The faults the server's front answers the components with; null: none stands in front.</param>
    public LiveScenarioCluster(LiveCluster live, IKubernetes client, ApiFaults? apiFaults, TimeProvider time, TaskFactory tasks)
    {
        ArgumentNullException.ThrowIfNull(live);
        this.live = live;
        this.apiFaults = apiFaults;
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

    public bool ApiFaultsApply => apiFaults is not null;

    public void SwitchApiFaults(bool on)
    {
        if (on)
        {
            apiFaults?.Start();
        }
        else
        {
            apiFaults?.Stop();
        }
    }

    public Task SwitchStorageFaultsAsync(string driver, IReadOnlyList<string> faults) => live.SwitchDriverFaultsAsync(driver, faults);

    public string? VolumeHash(string handle) =>
        live.DriverNames.Select(d => live.ReadDriverState(d, Time)).FirstOrDefault(s => s.VolumeIds.Contains(handle))?.GetVolumeContentHash(handle);

    public string? SnapshotHash(string handle) => DriverHoldingSnapshot(handle)?.GetSnapshotContentHash(handle);

    public byte[]? SnapshotStart(string handle, int length) => DriverHoldingSnapshot(handle)?.ReadSnapshot(handle, length);

    private VolumeStore? DriverHoldingSnapshot(string handle) =>
        live.DriverNames.Select(d => live.ReadDriverState(d, Time)).FirstOrDefault(s => s.SnapshotIds.Contains(handle));

    public Task PauseAsync(string namespaceName, string name) => new SubresourcesClient(Client).PauseAsync(namespaceName, name);
}
