namespace Harness.Simulators.GuestAgent;

/// <summary>
/// The guest's application: appends numbered records to a journal spread over all of the guest's disks
/// (see <see cref="JournalLayout"/>), one block per <see cref="GuestAgentSimulatorOptions.WriteInterval"/> of
/// virtual time: record <c>s</c>'s data, then its commit marker on the next disk, then record <c>s+1</c>.
/// Writes wait while the guest is frozen. On start it recovers as a journaling application does: it finds
/// the last committed record on the disks, erases the torn tail beyond it, and continues after it.
/// </summary>
public sealed class JournalWriter
{
    private readonly Guest guest;
    private readonly JournalLayout layout;
    private readonly TimeSpan interval;
    private readonly TimeProvider timeProvider;
    private readonly TaskFactory taskFactory;
    private long lastCommitted;
    private long lastData;

    public JournalWriter(Guest guest, GuestAgentSimulatorOptions options, TimeProvider timeProvider, TaskFactory taskFactory)
    {
        ArgumentNullException.ThrowIfNull(guest);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        options.JournalLayout.CheckDisks(guest.Disks);
        this.guest = guest;
        layout = options.JournalLayout;
        interval = options.WriteInterval;
        this.timeProvider = timeProvider;
        this.taskFactory = taskFactory;
    }

    /// <summary>The last record whose commit marker has been written.</summary>
    public long LastCommitted => Interlocked.Read(ref lastCommitted);

    /// <summary>The last record whose data block has been written (equal to <see cref="LastCommitted"/> or one more).</summary>
    public long LastData => Interlocked.Read(ref lastData);

    /// <summary>Starts the writer loop on the injected task factory; the task ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        taskFactory.StartNew(() => RunAsync(cancellationToken), cancellationToken).Unwrap();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RecoverAsync(cancellationToken);
            while (true)
            {
                var sequence = LastCommitted + 1;
                var dataBlock = JournalBlock.Data(sequence);
                await Task.Delay(interval, timeProvider, cancellationToken);
                await WriteAsync(layout.DataLocation(sequence, guest.Disks.Count), dataBlock, cancellationToken);
                Interlocked.Exchange(ref lastData, sequence);

                await Task.Delay(interval, timeProvider, cancellationToken);
                var commit = JournalBlock.Commit(sequence, JournalBlock.Checksum(dataBlock));
                await WriteAsync(layout.CommitLocation(sequence, guest.Disks.Count), commit, cancellationToken);
                Interlocked.Exchange(ref lastCommitted, sequence);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var found = await JournalChecker.CheckAsync(guest.Disks, layout);
        var empty = new byte[JournalLayout.SlotSize];
        for (var sequence = found.LastCommitted + 1; sequence <= found.HighestSequence; sequence++)
        {
            await WriteAsync(layout.DataLocation(sequence, guest.Disks.Count), empty, cancellationToken);
            await WriteAsync(layout.CommitLocation(sequence, guest.Disks.Count), empty, cancellationToken);
        }

        Interlocked.Exchange(ref lastCommitted, found.LastCommitted);
        Interlocked.Exchange(ref lastData, found.LastCommitted);
    }

    private ValueTask WriteAsync((int Disk, long Offset) location, byte[] block, CancellationToken cancellationToken) =>
        guest.WriteAsync(location.Disk, location.Offset, block, cancellationToken);
}
