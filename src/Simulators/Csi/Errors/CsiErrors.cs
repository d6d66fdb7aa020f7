using Grpc.Core;

namespace Harness.Simulators.Csi.Errors;

/// <summary>The gRPC errors the CSI specification assigns to each failure, with a message that names the object.</summary>
internal static class CsiErrors
{
    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    public static RpcException AlreadyExists(string message) => new(new Status(StatusCode.AlreadyExists, message));

    public static RpcException OutOfRange(string message) => new(new Status(StatusCode.OutOfRange, message));

    public static RpcException FailedPrecondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    public static RpcException Aborted(string message) => new(new Status(StatusCode.Aborted, message));

    public static RpcException ResourceExhausted(string message) => new(new Status(StatusCode.ResourceExhausted, message));

    public static RpcException Internal(string message) => new(new Status(StatusCode.Internal, message));

    public static RpcException Unavailable(string message) => new(new Status(StatusCode.Unavailable, message));
}
