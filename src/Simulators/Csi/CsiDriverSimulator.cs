using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Faults;
using Harness.Simulators.Csi.InProcess;
using Harness.Simulators.Csi.Services;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi;

/// <summary>
/// One simulated CSI driver: its Identity, Controller, GroupController and Node services over a <see cref="VolumeStore"/>.
/// Reach it in-process through <see cref="CreateCallInvoker"/>, or over a Unix socket with
/// <see cref="Hosting.CsiDriverServer"/> (the <c>harness-csi-driver</c> executable does that).
/// </summary>
public sealed class CsiDriverSimulator
{
    private readonly DriverLifecycle lifecycle = new();
    private readonly IReadOnlyDictionary<string, Func<object, ServerCallContext, Task<object>>> handlers;

    public CsiDriverSimulator(CsiDriverSimulatorOptions options, CsiFaults? faults = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Faults = faults ?? new CsiFaults();
        Store = new VolumeStore(options);
        var injected = new InjectedFaults(Faults, new FaultRandom(options.Runtime.Random("faults")), lifecycle, options.Runtime.Time, options.LoggerFactory.CreateLogger<InjectedFaults>());
        IdentityService = new IdentityService(options, lifecycle);
        ControllerService = new ControllerService(options, Store, injected, lifecycle, options.LoggerFactory.CreateLogger<ControllerService>());
        GroupControllerService = new GroupControllerService(options, Store, injected, lifecycle, options.LoggerFactory.CreateLogger<GroupControllerService>());
        NodeService = new NodeService(options, Store, lifecycle, options.LoggerFactory.CreateLogger<NodeService>());

        var collector = new UnaryHandlerCollector();
        Identity.BindService(collector, IdentityService);
        Controller.BindService(collector, ControllerService);
        GroupController.BindService(collector, GroupControllerService);
        Node.BindService(collector, NodeService);
        handlers = collector.Handlers;
    }

    public CsiDriverSimulatorOptions Options { get; }

    public string DriverName => Options.DriverName;

    /// <summary>The storage backend: guests' block devices, content hashes, snapshots lost behind the API's back.</summary>
    public VolumeStore Store { get; }

    public CsiFaults Faults { get; }

    internal IdentityService IdentityService { get; }

    internal ControllerService ControllerService { get; }

    internal GroupControllerService GroupControllerService { get; }

    internal NodeService NodeService { get; }

    /// <summary>A call invoker for the generated clients (<c>new Controller.ControllerClient(invoker)</c>) that reaches this driver without a socket.</summary>
    public CallInvoker CreateCallInvoker() => new InProcessCallInvoker(handlers);

    /// <summary>The driver process dies: calls in flight fail UNAVAILABLE, new calls fail UNAVAILABLE until <see cref="Restart"/>; the backend keeps its volumes and snapshots.</summary>
    public async ValueTask CrashAsync()
    {
        lifecycle.Crash();
        if (Faults.OnFaultInjected is { } hook)
        {
            await hook(new CsiFaultInjected(CsiFaults.DriverCrashedFault, DriverName, "calls fail UNAVAILABLE until restarted"));
        }
    }

    /// <summary>The driver process is back and serves calls again.</summary>
    public void Restart() => lifecycle.Restart();
}
