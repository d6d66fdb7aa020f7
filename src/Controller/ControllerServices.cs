using Harness.Api.Clients;
using Harness.Api.KubeVirt;
using Harness.Controller.Caches;
using Harness.Reconciling;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Controller;

/// <summary>What the parts of a controller share: the client, the caches, the clock, the logger, the VM writer, the events.</summary>
/// <typeparam name="TCaches">The controller's informer caches.</typeparam>
internal abstract class ControllerServices<TCaches>
    where TCaches : ControllerCaches
{
    protected ControllerServices(IKubernetes client, TCaches caches, TimeProvider time, ILogger? logger)
    {
        Client = client;
        Caches = caches;
        Time = time;
        Logger = logger ?? NullLogger.Instance;
        VirtualMachines = new(client);
        Events = new EventRecorder(client, time, "virt-controller", Logger);
    }

    public IKubernetes Client { get; }

    public TCaches Caches { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public CustomResourceClient<VirtualMachine> VirtualMachines { get; }

    public EventRecorder Events { get; }
}
