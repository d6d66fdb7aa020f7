using Grpc.Core;
using Grpc.Net.Client;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi.Faults.Control;
using Harness.Simulators.Csi.Hosting;

namespace Harness.Scenarios.Cluster.Components;

/// <summary>
/// A <c>harness-csi-driver</c> process serving <paramref name="socketPath"/>, its state in a state directory that
/// outlives it. A crash is SIGKILL; a restart starts a new process on the same socket and state. Clients reach it
/// through <see cref="CallInvoker"/>, one channel that reconnects to whichever process serves the socket. The faults
/// the process reports it injected go into the event log, as an in-process driver's do.
/// </summary>
public sealed class ProcessCsiDriverComponent(string driverName, string socketPath, IReadOnlyList<string> arguments, TimeProvider time, DomainEventLog log)
    : ClusterComponent(ComponentNames.CsiDriver(driverName), log), IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly GrpcChannel channel = CsiGrpcChannel.ForUnixSocket(socketPath);
    private CsiDriverProcess? process;
    private IReadOnlyList<string> faults = [];

    public string DriverName { get; } = driverName;

    /// <summary>The Unix socket the driver process serves CSI on.</summary>
    public string SocketPath { get; } = socketPath;

    public CallInvoker CallInvoker => channel.CreateCallInvoker();

    public void Dispose() => channel.Dispose();

    /// <summary>
    /// Replaces the driver's faults (its <c>--fault</c> arguments; none heals it) through its fault-control service; a
    /// process started later, after a crash say, starts with them.
    /// </summary>
    public async Task SwitchFaultsAsync(IReadOnlyList<string> switched, CancellationToken cancellationToken)
    {
        faults = switched;
        if (process is not null)
        {
            await new FaultControl.FaultControlClient(CallInvoker).SetFaultsAsync(new SetFaultsRequest { Faults = { switched } }, cancellationToken: cancellationToken);
        }
    }

    protected override async Task OnStartAsync(CancellationToken cancellationToken) =>
        process = await CsiDriverProcess.StartAsync(
            SocketPath,
            ["--driver-name", DriverName, .. arguments, .. faults.SelectMany(f => new[] { "--fault", f })],
            StartTimeout,
            time,
            fault => Record(DomainEventKind.FaultInjected, fault.Target, $"{fault.Fault}: {fault.Detail}"),
            cancellationToken);

    protected override async Task OnStopAsync()
    {
        if (process is { } running)
        {
            process = null;
            await running.DisposeAsync();
        }
    }

    protected override async Task OnCrashAsync()
    {
        if (process is { } running)
        {
            process = null;
            await running.KillAsync();
            await running.DisposeAsync();
        }
    }
}
