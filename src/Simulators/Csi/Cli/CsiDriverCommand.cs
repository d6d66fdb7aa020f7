using System.CommandLine;
using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Simulators.Csi.Faults;
using Harness.Simulators.Csi.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Cli;

/// <summary>
/// <c>harness-csi-driver --endpoint unix:///PATH --driver-name NAME [--node-id N] [--no-snapshots] [--no-CAPABILITY ...]
/// [--round-restore-size 1Gi] [--max-volumes N] [--max-volumes-per-node N] [--total-capacity 64Ti] [--state-dir DIR] [--seed N] [--fault ...]</c>.
/// Exit codes: 0 after SIGTERM/SIGINT, 1 for a malformed command line, 2 for invalid values or a failure to start.
/// </summary>
internal static class CsiDriverCommand
{
    public const int InvalidArguments = 2;

    public static RootCommand Create()
    {
        var endpoint = new Option<string>("--endpoint") { Required = true, Description = "CSI endpoint, unix:///absolute/path.sock" };
        var driverName = new Option<string>("--driver-name") { Required = true, Description = "Driver name (the StorageClass provisioner)" };
        var nodeId = new Option<string>("--node-id") { Description = "Node id reported by NodeGetInfo", DefaultValueFactory = _ => CsiConstants.DefaultNodeId };
        var noSnapshots = new Option<bool>("--no-snapshots") { Description = "Drop the snapshot capabilities (snapshot RPCs answer UNIMPLEMENTED)" };
        var capabilities = CapabilityFlag.All.Select(flag => (flag, Option: new Option<bool>(flag.Name) { Description = flag.Description })).ToList();
        var totalCapacity = new Option<string?>("--total-capacity") { Description = "The backend's size, e.g. 64Ti: volumes beyond it answer RESOURCE_EXHAUSTED" };
        var roundRestoreSize = new Option<string?>("--round-restore-size") { Description = "Round snapshot sizes (restoreSize) up to a multiple of this, e.g. 1Gi" };
        var maxVolumes = new Option<int>("--max-volumes") { Description = "CreateVolume answers RESOURCE_EXHAUSTED beyond this many volumes (0: unlimited)" };
        var maxVolumesPerNode = new Option<long>("--max-volumes-per-node") { Description = "NodeGetInfo's max_volumes_per_node; ControllerPublishVolume answers RESOURCE_EXHAUSTED beyond it (0: unlimited)" };
        var stateDir = new Option<string?>("--state-dir") { Description = "Keep volumes and snapshots here so a restarted driver finds them" };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault draws" };
        var fault = new Option<string[]>("--fault") { Description = $"Inject a fault, repeatable: {string.Join(", ", FaultArgument.Names)}" };

        var command = new RootCommand("Simulated CSI driver (Identity, Controller, Node) over gRPC on a Unix socket")
        {
            endpoint, driverName, nodeId, noSnapshots, roundRestoreSize, maxVolumes, maxVolumesPerNode, totalCapacity, stateDir, seed, fault,
        };
        foreach (var (_, option) in capabilities)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            string socketPath;
#pragma warning disable RS0030 // composition root of the driver process: the real clock and the thread pool
            var options = new CsiDriverSimulatorOptions
            {
                Runtime = new ComponentRuntime { Time = TimeProvider.System, Tasks = Task.Factory, Seed = new SimulationSeed((ulong)parse.GetValue(seed)) },
            };
#pragma warning restore RS0030
            var faults = new CsiFaults();
            try
            {
                socketPath = SocketPath(parse.GetValue(endpoint)!);
                options.DriverName = parse.GetValue(driverName)!;
                options.NodeId = parse.GetValue(nodeId)!;
                options.SnapshotsSupported = !parse.GetValue(noSnapshots);
                foreach (var (flag, option) in capabilities.Where(c => parse.GetValue(c.Option)))
                {
                    flag.TurnOff(options);
                }

                if (parse.GetValue(totalCapacity) is { } total)
                {
                    options.TotalCapacityBytes = ByteSize.Parse(total, "--total-capacity");
                }

                options.RestoreSizeRoundingBytes = parse.GetValue(roundRestoreSize) is { } rounding ? ByteSize.Parse(rounding, "--round-restore-size") : 0;
                options.MaxVolumes = parse.GetValue(maxVolumes);
                options.MaxVolumesPerNode = parse.GetValue(maxVolumesPerNode);
                options.StateDirectory = parse.GetValue(stateDir);
                faults.Replace(parse.GetValue(fault) ?? []);

                ValidateDriverName(options.DriverName);
                options.Validate();
            }
            catch (Exception e) when (e is FormatException or System.ComponentModel.DataAnnotations.ValidationException)
            {
                await Console.Error.WriteLineAsync($"harness-csi-driver: {e.Message}");
                return InvalidArguments;
            }

            return await RunAsync(socketPath, options, faults, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string socketPath, CsiDriverSimulatorOptions options, CsiFaults faults, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        options.LoggerFactory = loggerFactory;
        var logger = loggerFactory.CreateLogger("harness-csi-driver");
        faults.OnFaultInjected = fault => new ValueTask(Console.Error.WriteLineAsync(CsiFaultReport.Format(fault)));
        CsiDriverSimulator driver;
        CsiDriverServer server;
        try
        {
            driver = new CsiDriverSimulator(options, faults);
            server = await CsiDriverServer.StartAsync(driver, socketPath, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"harness-csi-driver: cannot start: {e.Message}");
            return InvalidArguments;
        }

        await using (server)
        {
            logger.LogInformation(CsiDriverServer.ServingMessage + " {DriverName} on unix://{SocketPath} (volumes {Volumes}, snapshots {Snapshots})", options.DriverName, socketPath, driver.Store.VolumeIds.Count, driver.Store.SnapshotIds.Count);
            try
            {
                await server.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            logger.LogInformation("Stopping CSI driver {DriverName}", options.DriverName);
        }

        return 0;
    }

    private static string SocketPath(string endpoint)
    {
        const string scheme = "unix://";
        if (!endpoint.StartsWith(scheme, StringComparison.Ordinal))
        {
            throw new FormatException($"--endpoint: '{endpoint}' is not a unix:///absolute/path endpoint");
        }

        var path = endpoint[scheme.Length..];
        return Path.IsPathFullyQualified(path) ? path : throw new FormatException($"--endpoint: '{endpoint}' does not name an absolute socket path (unix:///absolute/path)");
    }

    /// <summary>CSI: at most 63 characters, domain-name notation, alphanumeric at both ends.</summary>
    private static void ValidateDriverName(string name)
    {
        if (name.Length is 0 or > 63
            || !char.IsAsciiLetterOrDigit(name[0])
            || !char.IsAsciiLetterOrDigit(name[^1])
            || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.'))
        {
            throw new FormatException($"--driver-name: '{name}' is not a CSI driver name (at most 63 characters of letters, digits, '-' and '.', alphanumeric at both ends)");
        }
    }
}
