using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.Clients;
using Harness.Controller.Restores.Caches;
using Harness.Reconciling;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Controller.Restores;

/// <summary>What the parts of the restore controller share: the client and typed writers, the caches, the clock, the events.</summary>
internal sealed class RestoreControllerContext
{
    public RestoreControllerContext(IKubernetes client, RestoreCaches caches, RestoreControllerOptions options)
    {
        Client = client;
        Caches = caches;
        Options = options;
        Logger = options.Logger ?? NullLogger.Instance;
        Restores = new(client);
        VirtualMachines = new(client);
        DataVolumes = new(client);
        Subresources = new SubresourcesClient(client);
        Events = new EventRecorder(client, options.TimeProvider, "virt-controller", Logger);
    }

    public IKubernetes Client { get; }

    public RestoreCaches Caches { get; }

    public RestoreControllerOptions Options { get; }

    public TimeProvider Time => Options.TimeProvider;

    public ILogger Logger { get; }

    public CustomResourceClient<VirtualMachineRestore> Restores { get; }

    public CustomResourceClient<VirtualMachine> VirtualMachines { get; }

    public CustomResourceClient<DataVolume> DataVolumes { get; }

    public SubresourcesClient Subresources { get; }

    public EventRecorder Events { get; }
}
