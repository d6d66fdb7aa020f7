using System.Text;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Faults;
using k8s;

namespace Harness.Scenarios.Running;

/// <summary>A scenario's <see cref="SimulatedCluster"/>: in-process drivers and guests on the deterministic scheduler.</summary>
public sealed class SimulatedScenarioCluster : IScenarioCluster
{
    private readonly IReadOnlyList<CsiDriverSimulator> drivers;

    public SimulatedScenarioCluster(Scenario scenario, ScenarioRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        Simulation = new SimulatedCluster(scenario.Seed, new SimulatedClusterOptions
        {
            Drivers = [.. scenario.World.Drivers.Select(d => d.AsClusterDriver())],
            RunApiServerControllers = true,
            Controller = options.Controller,
            GuestWriteInterval = options.GuestWriteInterval,
        });
        Simulation.ApiFaults.Configure(scenario.Faults.ApiRequestFaultChance, scenario.Faults.ApiWatchFaultChance);
        drivers = [.. scenario.World.Drivers.Select(d => Simulation.Driver(d.Name))];
        foreach (var driver in drivers)
        {
            driver.Faults.OnFaultInjected = fault =>
            {
                Events.Record(ComponentNames.CsiDriver(driver.DriverName), DomainEventKind.FaultInjected, fault.Target, $"{fault.Fault}: {fault.Detail}");
                return ValueTask.CompletedTask;
            };
        }

        Simulation.Guests.Booted += boot => GuestBooting?.Invoke(boot.VolumeHandles);
    }

    public event Action<IReadOnlyList<string>>? GuestBooting;

    public SimulatedCluster Simulation { get; }

    public TimeProvider Time => Simulation.Scheduler.TimeProvider;

    public TaskFactory Tasks => Simulation.Scheduler.TaskFactory;

    public DomainEventLog Events => Simulation.Events;

    public IKubernetes Client => Simulation.Client;

    public bool ApiFaultsApply => true;

    public void SwitchApiFaults(bool on)
    {
        if (on)
        {
            Simulation.ApiFaults.Start();
        }
        else
        {
            Simulation.ApiFaults.Stop();
        }
    }

    public Task SwitchStorageFaultsAsync(string driver, IReadOnlyList<string> faults)
    {
        Simulation.Driver(driver).Faults.Replace(faults);
        return Task.CompletedTask;
    }

    public string? VolumeHash(string handle) =>
        drivers.FirstOrDefault(d => d.Store.VolumeIds.Contains(handle))?.Store.GetVolumeContentHash(handle);

    public string? SnapshotHash(string handle) =>
        drivers.FirstOrDefault(d => d.Store.SnapshotIds.Contains(handle))?.Store.GetSnapshotContentHash(handle);

    public byte[]? SnapshotStart(string handle, int length) =>
        drivers.FirstOrDefault(d => d.Store.SnapshotIds.Contains(handle))?.Store.ReadSnapshot(handle, length);

    /// <summary>Straight to the server's aggregation of <c>subresources.kubevirt.io</c>, as one step of the scheduler.</summary>
    public async Task PauseAsync(string namespaceName, string name)
    {
        var response = await Simulation.Server.HandleAsync(
            new ApiRequest
            {
                Method = "PUT",
                Path = $"/apis/subresources.kubevirt.io/v1/namespaces/{namespaceName}/virtualmachineinstances/{name}/pause",
                ContentType = "application/json",
                Body = Encoding.UTF8.GetBytes("{}"),
            },
            CancellationToken.None);
        if (response is not BufferedApiResponse { StatusCode: 200 })
        {
            var detail = response is BufferedApiResponse buffered ? $"{buffered.StatusCode} {Encoding.UTF8.GetString(buffered.Body.Span)}" : response.GetType().Name;
            throw new InvalidOperationException($"pausing VMI {namespaceName}/{name} failed: {detail}");
        }
    }
}
