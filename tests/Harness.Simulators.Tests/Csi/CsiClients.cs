using Csi.V1;
using Grpc.Core;

namespace Harness.Simulators.Tests.Csi;

/// <summary>The generated CSI clients over one transport.</summary>
internal sealed class CsiClients(CallInvoker invoker)
{
    public Identity.IdentityClient Identity { get; } = new(invoker);

    public Controller.ControllerClient Controller { get; } = new(invoker);

    public GroupController.GroupControllerClient GroupController { get; } = new(invoker);

    public Node.NodeClient Node { get; } = new(invoker);
}
