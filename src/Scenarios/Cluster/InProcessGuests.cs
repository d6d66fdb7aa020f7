using System.Collections.Concurrent;
using Harness.Simulators.Csi;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// The guests of in-process VMIs: each boot of a guest that runs an agent gets a <see cref="Guest"/> whose disks are the
/// CSI simulator volumes bound to the VMI's claims, its journal application writing to them while the VMI runs, and a
/// guest agent served in-process, with the faults of the VMI's annotations.
/// </summary>
public sealed class InProcessGuests : IGuestAgentConnector
{
    private readonly IReadOnlyDictionary<string, CsiDriverSimulator> drivers;
    private readonly TimeProvider timeProvider;
    private readonly TaskFactory taskFactory;
    private readonly TimeSpan writeInterval;
    private readonly ConcurrentDictionary<string, BootedGuest> booted = new(StringComparer.Ordinal);

    /// <param name="writeInterval">How often each guest's application writes a journal block.</param>
    public InProcessGuests(IReadOnlyDictionary<string, CsiDriverSimulator> drivers, TimeProvider timeProvider, TaskFactory taskFactory, TimeSpan writeInterval)
    {
        this.drivers = drivers;
        this.timeProvider = timeProvider;
        this.taskFactory = taskFactory;
        this.writeInterval = writeInterval;
    }

    /// <summary>Raised when a VMI's guest boots, before its agent answers.</summary>
    public event Action<BootedGuest>? Booted;

    /// <summary>Raised when a VMI's guest stops (its VMI stopped), after its application stopped writing.</summary>
    public event Action<BootedGuest>? Halted;

    /// <summary>The running guest whose disk is the CSI volume <paramref name="volumeHandle"/>, if any.</summary>
    public BootedGuest? WritingTo(string volumeHandle) => booted.Values.FirstOrDefault(boot => boot.VolumeHandles.Contains(volumeHandle));

    /// <summary>The latest boot of the VMI <paramref name="namespaceName"/>/<paramref name="name"/>, if it booted.</summary>
    public BootedGuest? Find(string namespaceName, string name) => booted.GetValueOrDefault($"{namespaceName}/{name}");

    public Task<IGuestAgentEndpoint?> StartAsync(GuestAgentLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (GuestFaults.ForGuest(launch.Annotations) is not { } faults)
        {
            return Task.FromResult<IGuestAgentEndpoint?>(null);
        }

        var disks = launch.Disks.Select(Open).ToList();
        var handles = launch.Disks.Select(disk => disk.VolumeHandle!).ToList();
        var options = new GuestAgentSimulatorOptions { Faults = faults, WriteInterval = writeInterval };
        var guest = new Guest(disks, timeProvider, faults.ThawLimit, launch.Frozen);
        var boot = new BootedGuest(
            launch.Instance.Namespace,
            launch.Instance.Name,
            launch.Uid,
            handles,
            guest,
            new JournalWriter(guest, options, timeProvider, taskFactory),
            new GuestAgentServer(guest, options, timeProvider, new Random(launch.Seed)));
        booted[$"{launch.Instance.Namespace}/{launch.Instance.Name}"] = boot;
        Booted?.Invoke(boot);
        var running = new CancellationTokenSource();
        var application = boot.Journal.StartAsync(running.Token);
        return Task.FromResult<IGuestAgentEndpoint?>(
            new RunningGuest(new InProcessGuestAgentEndpoint(boot.Agent, taskFactory), running, application, () => Halted?.Invoke(boot)));
    }

    private VolumeGuestDisk Open(GuestDiskClaim disk)
    {
        if (disk.VolumeHandle is not { } handle || disk.Driver is not { } driverName)
        {
            throw new InvalidOperationException($"volume {disk.VolumeName} (claim {disk.ClaimName}) is not bound to a CSI volume");
        }

        if (!drivers.TryGetValue(driverName, out var driver))
        {
            throw new InvalidOperationException($"volume {disk.VolumeName} is on driver {driverName}, which this world does not run");
        }

        return new VolumeGuestDisk(driver.Store.Open(handle));
    }

    /// <summary>The agent endpoint of a running guest; disposing it (the VMI stopped) also stops the guest's application.</summary>
    private sealed class RunningGuest(IGuestAgentEndpoint agent, CancellationTokenSource running, Task application, Action halted) : IGuestAgentEndpoint
    {
        public Task<Stream> ConnectAsync(CancellationToken cancellationToken) => agent.ConnectAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            // Cancel, not CancelAsync: the callbacks must run here, on the caller's scheduler, not on the thread pool.
            running.Cancel();
            try
            {
                await application;
            }
            catch (OperationCanceledException)
            {
            }

            running.Dispose();
            halted();
            await agent.DisposeAsync();
        }
    }
}
