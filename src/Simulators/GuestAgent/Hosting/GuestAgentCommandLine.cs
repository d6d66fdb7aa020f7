using System.CommandLine;
using Harness.Durations;

namespace Harness.Simulators.GuestAgent;

/// <summary>The <c>harness-guest-agent</c> command line.</summary>
internal static class GuestAgentCommandLine
{
    /// <summary>Exit code of a process whose agent crashed (the <c>crash-after</c> fault).</summary>
    public const int CrashExitCode = 70;

    /// <summary>Size of a <c>--disk</c> file created because it did not exist.</summary>
    private const long NewDiskSize = 1024 * 1024;

    public static RootCommand Build()
    {
        var socket = new Option<string>("--socket")
        {
            Description = "Unix socket to listen on (a stale socket file is replaced; removed on exit)",
            Required = true,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random source (answer latency, nothing else)",
            DefaultValueFactory = _ => 0,
        };
        var faults = new Option<string[]>("--fault")
        {
            Description = "A fault, repeatable: freeze-hang[=DURATION], freeze-fail, thaw-limit[=DURATION], latency=MIN..MAX, crash-after=N, disconnect-after=N",
            HelpName = "FAULT",
        };
        faults.Validators.Add(result =>
        {
            try
            {
                GuestFaults.Parse(result.GetValueOrDefault<string[]>() ?? []);
            }
            catch (FormatException exception)
            {
                result.AddError(exception.Message);
            }
        });
        var disks = new Option<string[]>("--disk")
        {
            Description = "A file the guest uses as a disk, repeatable, in volume order (created with 1 MiB if missing); without disks the guest has one in-memory root filesystem",
            HelpName = "PATH",
        };
        var writeInterval = new Option<string>("--write-interval")
        {
            Description = "How often the guest application writes a journal block (Go duration)",
            DefaultValueFactory = _ => "100ms",
        };
        writeInterval.Validators.Add(result =>
        {
            try
            {
                if (GoDuration.Parse(result.GetValueOrDefault<string>() ?? "", "--write-interval") <= TimeSpan.Zero)
                {
                    result.AddError("--write-interval must be greater than zero");
                }
            }
            catch (FormatException exception)
            {
                result.AddError(exception.Message);
            }
        });

        var frozen = new Option<bool>("--frozen") { Description = "Boot with the filesystems frozen (a guest taken over from a cluster where it was frozen)" };
        var root = new RootCommand("Simulated QEMU guest agent (qemu-ga protocol) of one VM, with a guest that journals to its disks")
        {
            socket,
            seed,
            faults,
            disks,
            writeInterval,
            frozen,
        };
        root.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(socket),
            parseResult.GetValue(seed),
            GuestFaults.Parse(parseResult.GetValue(faults) ?? []),
            parseResult.GetValue(disks) ?? [],
            GoDuration.Parse(parseResult.GetRequiredValue(writeInterval), "--write-interval"),
            parseResult.GetValue(frozen),
            cancellationToken));
        return root;
    }

    private static void Crash()
    {
        Console.Error.WriteLine("guest-agent: crashed (fault crash-after)");
        Environment.Exit(CrashExitCode);
    }

    private static async Task<int> RunAsync(
        string socketPath, int seed, GuestFaults faults, string[] diskPaths, TimeSpan writeInterval, bool frozen, CancellationToken cancellationToken)
    {
        var options = new GuestAgentSimulatorOptions { Faults = faults, WriteInterval = writeInterval };
        var disks = new List<FileGuestDisk>();
        try
        {
            foreach (var path in diskPaths)
            {
                disks.Add(FileGuestDisk.Open(path, NewDiskSize));
            }

#pragma warning disable RS0030 // composition root of the guest agent process: the real clock and the thread pool
            var time = TimeProvider.System;
            var tasks = Task.Factory;
#pragma warning restore RS0030
            var guest = new Guest(disks, time, faults.ThawLimit, frozen);
            var server = new GuestAgentServer(guest, options, time, new Random(seed));
            var journal = new JournalWriter(guest, options, time, tasks);
            if (frozen)
            {
                Console.Error.WriteLine(FreezeReport.Format(FsFreezeStatus.Frozen, journal.LastCommitted));
            }

            guest.StatusChanged += status => Console.Error.WriteLine(FreezeReport.Format(status, journal.LastCommitted));
            var host = new UnixSocketGuestAgentHost(socketPath, server, tasks, Console.Error, Crash);
            using var stopJournal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var writing = journal.StartAsync(stopJournal.Token);
            await host.RunAsync(cancellationToken);
            stopJournal.Cancel();
            await writing;
            return 0;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"harness-guest-agent: {exception.Message}");
            return 2;
        }
        finally
        {
            disks.ForEach(d => d.Dispose());
        }
    }
}
