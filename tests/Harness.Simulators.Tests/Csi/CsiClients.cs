using Csi.V1;
using Grpc.Core;

namespace Harness.Simulators.Tests.Csi;

/// <summary>The generated CSI clients over one transport.</summary>
internal sealed class CsiClients(CallInvoker invoker)
{
    public global::Csi.V1.Identity.IdentityClient Identity { get; } = new(invoker);

    public global::Csi.V1.Controller.ControllerClient Controller { get; } = new(invoker);

    public global::Csi.V1.GroupController.GroupControllerClient GroupController { get; } = new(invoker);

    public global::Csi.V1.Node.NodeClient Node { get; } = new(invoker);
}
