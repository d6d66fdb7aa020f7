using Harness.Api.Cdi;
using Harness.Api.Snapshots;
using Harness.Api.Clients;
using Harness.Controller.Restores.Caches;
using k8s;

namespace Harness.Controller.Restores;

/// <summary>What the parts of the restore controller share: the shared services, the options, the restore and DataVolume writers, the subresources.</summary>
internal sealed class RestoreControllerContext : ControllerServices<RestoreCaches>
{
    public RestoreControllerContext(IKubernetes client, RestoreCaches caches, RestoreControllerOptions options)
        : base(client, caches, options.TimeProvider, options.Logger)
    {
        Options = options;
        Restores = new(client);
        DataVolumes = new(client);
        Subresources = new SubresourcesClient(client);
    }

    public RestoreControllerOptions Options { get; }

    public CustomResourceClient<VirtualMachineRestore> Restores { get; }

    public CustomResourceClient<DataVolume> DataVolumes { get; }

    public SubresourcesClient Subresources { get; }
}
