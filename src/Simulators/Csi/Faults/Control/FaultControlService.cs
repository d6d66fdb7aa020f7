using Grpc.Core;

namespace Harness.Simulators.Csi.Faults.Control;

/// <summary>Switches a running driver's <see cref="CsiFaults"/> over gRPC (<c>harness.csi.v1.FaultControl</c>).</summary>
public sealed class FaultControlService(CsiFaults faults) : FaultControl.FaultControlBase
{
    public override Task<SetFaultsResponse> SetFaults(SetFaultsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            faults.Replace(request.Faults);
        }
        catch (FormatException invalid)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, invalid.Message));
        }

        return Task.FromResult(new SetFaultsResponse());
    }
}
