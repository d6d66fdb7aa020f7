using Grpc.Core;

namespace Harness.Simulators.Tests.Csi;

internal static class RpcAssert
{
    public static async Task<RpcException> FailsWith<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call());
        Assert.True(expected == e.StatusCode, $"expected {expected}, got {e.StatusCode}: {e.Status.Detail}");
        return e;
    }
}
