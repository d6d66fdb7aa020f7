using Csi.V1;
using Grpc.Core;

namespace Harness.Simulators.Csi.Services;

/// <summary>CSI Identity: the driver's name and version, its services (controller, group controller) and online expansion, and that it is ready.</summary>
internal sealed class IdentityService(CsiDriverSimulatorOptions options, DriverLifecycle lifecycle) : Identity.IdentityBase
{
    public override Task<GetPluginInfoResponse> GetPluginInfo(GetPluginInfoRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        return Task.FromResult(new GetPluginInfoResponse { Name = options.DriverName, VendorVersion = CsiConstants.VendorVersion });
    }

    public override Task<GetPluginCapabilitiesResponse> GetPluginCapabilities(GetPluginCapabilitiesRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        var response = new GetPluginCapabilitiesResponse { Capabilities = { Service(PluginCapability.Types.Service.Types.Type.ControllerService) } };
        if (options.ServesGroupSnapshots)
        {
            response.Capabilities.Add(Service(PluginCapability.Types.Service.Types.Type.GroupControllerService));
        }

        if (options.ExpansionSupported)
        {
            response.Capabilities.Add(new PluginCapability
            {
                VolumeExpansion = new PluginCapability.Types.VolumeExpansion { Type = PluginCapability.Types.VolumeExpansion.Types.Type.Online },
            });
        }

        return Task.FromResult(response);
    }

    public override Task<ProbeResponse> Probe(ProbeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        return Task.FromResult(new ProbeResponse { Ready = true });
    }

    private static PluginCapability Service(PluginCapability.Types.Service.Types.Type type) =>
        new() { Service = new PluginCapability.Types.Service { Type = type } };
}
