using Grpc.Core;

namespace Harness.Scenarios.Cluster;

/// <summary>A CSI driver the sidecars call: its name, whether it can snapshot, and the gRPC invoker that reaches it (in-process or over its socket).</summary>
public sealed record CsiDriverEndpoint(string Name, bool Snapshots, CallInvoker Invoker);
