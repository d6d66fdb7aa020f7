using Harness.Simulators.GuestAgent;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>
/// A guest, its agent and a client wired in one process over an in-memory duplex stream, on a hand-pumped
/// scheduler and a fake clock: nothing runs unless the test runs it, so every outcome is deterministic.
/// </summary>
internal sealed class InProcessAgent
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    public InProcessAgent(GuestFaults? faults = null, int disks = 2, TimeSpan? clientTimeout = null, JournalLayout? layout = null)
    {
        Disks = [.. Enumerable.Range(0, disks).Select(_ => new MemoryGuestDisk(1024 * 1024))];
        Options = new GuestAgentSimulatorOptions { Faults = faults ?? GuestFaults.None, JournalLayout = layout ?? JournalLayout.Default };
        Guest = new Guest(Disks, Time, Options.Faults.ThawLimit);
        Server = new GuestAgentServer(Guest, Options, Time, new Random(7));
        Client = Connect(clientTimeout);
    }

    public ManualTaskScheduler Scheduler { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public IReadOnlyList<MemoryGuestDisk> Disks { get; }

    public GuestAgentSimulatorOptions Options { get; }

    public Guest Guest { get; }

    public GuestAgentServer Server { get; }

    public GuestAgentClient Client { get; private set; }

    public InMemoryDuplexStream ClientStream { get; private set; } = null!;

    public Task<GuestAgentSessionEnd> Session { get; private set; } = null!;

    /// <summary>Opens a new connection to the same agent, as a reconnecting host does.</summary>
    public GuestAgentClient Connect(TimeSpan? clientTimeout = null)
    {
        var (client, server) = InMemoryDuplexStream.CreatePair();
        ClientStream = client;
        Session = Scheduler.Run(async () =>
        {
            using (server)
            {
                return await Server.ServeAsync(server, CancellationToken.None);
            }
        });
        Client = new GuestAgentClient(client, Time, new Random(11), clientTimeout ?? TimeSpan.FromSeconds(5));
        return Client;
    }

    public JournalWriter StartJournal(CancellationToken cancellationToken)
    {
        var writer = new JournalWriter(Guest, Options, Time, Scheduler.Factory);
        writer.StartAsync(cancellationToken);
        Scheduler.RunUntilIdle();
        return writer;
    }

    /// <summary>Runs <paramref name="work"/> to its end; fails at once (instead of hanging) if it needs the clock to move.</summary>
    public Task<T> Run<T>(Func<GuestAgentClient, Task<T>> work) => Finished(Start(work));

    /// <inheritdoc cref="Run{T}"/>
    public Task Run(Func<GuestAgentClient, Task> work) => Finished(Scheduler.Run(() => work(Client)));

    /// <summary>Starts <paramref name="work"/>; it may wait for <see cref="Advance"/>.</summary>
    public Task<T> Start<T>(Func<GuestAgentClient, Task<T>> work) => Scheduler.Run(() => work(Client));

    /// <inheritdoc cref="Start{T}"/>
    public Task Start(Func<GuestAgentClient, Task> work) => Scheduler.Run(() => work(Client));

    /// <summary>Moves the clock in 10 ms steps, running everything that becomes ready after each.</summary>
    public void Advance(TimeSpan total)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += Step)
        {
            Time.Advance(Step);
            Scheduler.RunUntilIdle();
        }
    }

    /// <summary>Returns <paramref name="task"/> if it has ended; fails at once instead of letting the test hang.</summary>
    public static T Finished<T>(T task)
        where T : Task =>
        task.IsCompleted ? task : throw new InvalidOperationException("the work waits for something that never comes (the clock?)");

    /// <summary>Point-in-time copies of the disks, as storage snapshots take them.</summary>
    public MemoryGuestDisk Snapshot(int disk) => Disks[disk].Clone();
}
