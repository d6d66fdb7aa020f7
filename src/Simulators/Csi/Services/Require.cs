using Grpc.Core;
using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Services;

/// <summary>The checks every CSI service makes first: required fields present, the capability offered.</summary>
internal static class Require
{
    public static void Field(string value, string field)
    {
        if (value.Length == 0)
        {
            throw CsiErrors.InvalidArgument($"{field} is required");
        }
    }

    public static void MaxEntries(int maxEntries)
    {
        if (maxEntries < 0)
        {
            throw CsiErrors.InvalidArgument("max_entries must not be negative");
        }
    }

    /// <summary>CSI: an RPC of a capability the plugin does not report answers UNIMPLEMENTED.</summary>
    public static void Capability(bool supported, CsiDriverSimulatorOptions options, string what)
    {
        if (!supported)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"driver {options.DriverName} does not support {what}"));
        }
    }

    /// <summary>A CapacityRange's bounds, each 0 when not given; negative values or required above limit are INVALID_ARGUMENT.</summary>
    public static (long Required, long Limit) Range(global::Csi.V1.CapacityRange? range)
    {
        var required = range?.RequiredBytes ?? 0;
        var limit = range?.LimitBytes ?? 0;
        if (required < 0 || limit < 0)
        {
            throw CsiErrors.InvalidArgument("capacity_range must not be negative");
        }

        return limit > 0 && required > limit
            ? throw CsiErrors.InvalidArgument($"capacity_range: required_bytes {required} exceeds limit_bytes {limit}")
            : (required, limit);
    }
}
