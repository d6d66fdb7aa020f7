using Csi.V1;
using Grpc.Core;

namespace Harness.Simulators.Csi.Services;

/// <summary>CSI Identity: the driver's name and version, that it has a controller service, and that it is ready.</summary>
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
        return Task.FromResult(new GetPluginCapabilitiesResponse
        {
            Capabilities =
            {
                new PluginCapability
                {
                    Service = new PluginCapability.Types.Service { Type = PluginCapability.Types.Service.Types.Type.ControllerService },
                },
            },
        });
    }

    public override Task<ProbeResponse> Probe(ProbeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        return Task.FromResult(new ProbeResponse { Ready = true });
    }
}
