using Grpc.Core;

namespace Harness.Simulators.Csi.Stack;

/// <summary>A CSI driver the sidecars reach: its name and a call invoker (in-process, or a socket channel's).</summary>
public sealed record CsiDriverEndpoint(string DriverName, CallInvoker Invoker);
