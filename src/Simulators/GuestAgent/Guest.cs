using Harness.Runtime.Scheduling;

namespace Harness.Simulators.GuestAgent;

/// <summary>
/// The simulated guest operating system: one filesystem per disk of the VM (disk 0 mounted at <c>/</c>,
/// disk i at <c>/mnt/disk{i}</c>), and the freeze state its agent changes. Writes through
/// <see cref="WriteAsync"/> wait while the filesystems are frozen, as writes to a FIFREEZE'd filesystem do.
/// Waiters are released outside the lock and resume on the scheduler they awaited on (never the thread pool).
/// </summary>
public sealed class Guest
{
    private readonly Lock gate = new();
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan? writeHoldLimit;
    private TaskCompletionSource writesReleased = CompletedSource();
    private TaskCompletionSource writesDrained = CompletedSource();
    private ITimer? holdLimitTimer;
    private int writesInFlight;
    private bool holdExpired;

    /// <param name="disks">The VM's disks in volume order; an empty list gives the guest one in-memory root filesystem.</param>
    /// <param name="timeProvider">Clock for the write-hold limit.</param>
    /// <param name="writeHoldLimit">Windows VSS limit (<see cref="GuestFaults.ThawLimit"/>); <c>null</c> holds writes until thawed.</param>
    /// <param name="frozen">Boots with its filesystems frozen (a guest taken over from a cluster where it was frozen).</param>
    public Guest(IReadOnlyList<IGuestDisk> disks, TimeProvider timeProvider, TimeSpan? writeHoldLimit = null, bool frozen = false)
    {
        ArgumentNullException.ThrowIfNull(disks);
        Disks = disks.Count > 0 ? [.. disks] : [new MemoryGuestDisk(GuestAgentConstants.DefaultRootFilesystemSize)];
        MountPoints = [.. Disks.Select((_, i) => i == 0 ? "/" : $"/mnt/disk{i}")];
        this.timeProvider = timeProvider;
        this.writeHoldLimit = writeHoldLimit;
        if (frozen)
        {
            lock (gate)
            {
                HoldWrites();
            }
        }
    }

    public IReadOnlyList<IGuestDisk> Disks { get; }

    public IReadOnlyList<string> MountPoints { get; }

    /// <summary>What <c>guest-fsfreeze-status</c> reports.</summary>
    public FsFreezeStatus Status { get; private set; }

    /// <summary>When the current freeze began; <c>null</c> while thawed.</summary>
    public DateTimeOffset? FrozenSince { get; private set; }

    /// <summary>Raised after the filesystems froze (writes in flight drained) or thawed, with the new status.</summary>
    public event Action<FsFreezeStatus>? StatusChanged;

    /// <summary>Whether writes are held now (frozen, and the write-hold limit has not expired).</summary>
    public bool WritesHeld
    {
        get
        {
            lock (gate)
            {
                return Status == FsFreezeStatus.Frozen && !holdExpired;
            }
        }
    }

    /// <summary>Writes to disk <paramref name="disk"/>, waiting first while the filesystems are frozen.</summary>
    public async ValueTask WriteAsync(int disk, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            lock (gate)
            {
                if (Status == FsFreezeStatus.Thawed || holdExpired)
                {
                    writesInFlight++;
                    break;
                }

                released = writesReleased.Task;
            }

            await SchedulerFriendlyWait.WaitAsync(released, cancellationToken);
        }

        try
        {
            // Live, a freeze can arrive while the write is on its way to the disk and must wait for it; the simulated
            // disks complete at once, so without this point no run would ever freeze with a write in flight.
            await SchedulingPoint.YieldAsync("guest: write admitted");
            await Disks[disk].WriteAsync(offset, data);
        }
        finally
        {
            TaskCompletionSource? drained = null;
            lock (gate)
            {
                if (--writesInFlight == 0)
                {
                    drained = writesDrained;
                }
            }

            drained?.TrySetResult();
        }
    }

    /// <summary>Freezes every filesystem: new writes wait, writes in flight finish first. Returns the number frozen.</summary>
    internal async ValueTask<int> FreezeAsync()
    {
        Task drained;
        lock (gate)
        {
            drained = HoldWrites();
        }

        await drained;
        StatusChanged?.Invoke(FsFreezeStatus.Frozen);
        return Disks.Count;
    }

    /// <summary>Under the gate: frozen from now, new writes wait; returns when the writes in flight are done.</summary>
    private Task HoldWrites()
    {
        Status = FsFreezeStatus.Frozen;
        FrozenSince = timeProvider.GetUtcNow();
        holdExpired = false;
        writesReleased = new TaskCompletionSource();
        if (writesInFlight > 0)
        {
            writesDrained = new TaskCompletionSource();
        }

        if (writeHoldLimit is { } limit)
        {
            holdLimitTimer = timeProvider.CreateTimer(_ => ExpireHold(), null, limit, Timeout.InfiniteTimeSpan);
        }

        return writesDrained.Task;
    }

    /// <summary>
    /// Thaws every filesystem. Returns the number thawed (0 when not frozen), or throws
    /// <see cref="GuestAgentCommandException"/> when the write-hold limit expired first (the guest is thawed anyway).
    /// </summary>
    internal int Thaw()
    {
        bool expired;
        TaskCompletionSource released;
        lock (gate)
        {
            if (Status == FsFreezeStatus.Thawed)
            {
                return 0;
            }

            expired = holdExpired;
            Status = FsFreezeStatus.Thawed;
            FrozenSince = null;
            holdExpired = false;
            holdLimitTimer?.Dispose();
            holdLimitTimer = null;
            released = writesReleased;
        }

        released.TrySetResult();
        StatusChanged?.Invoke(FsFreezeStatus.Thawed);

        if (expired)
        {
            throw new GuestAgentCommandException(
                GuestAgentErrorClass.GenericError,
                $"couldn't hold writes: fsfreeze is limited up to {writeHoldLimit!.Value.TotalSeconds:0.###} seconds");
        }

        return Disks.Count;
    }

    private void ExpireHold()
    {
        TaskCompletionSource? released = null;
        lock (gate)
        {
            if (Status == FsFreezeStatus.Frozen)
            {
                holdExpired = true;
                released = writesReleased;
            }
        }

        released?.TrySetResult();
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
