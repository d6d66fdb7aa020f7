namespace Harness.Simulators.Csi;

/// <summary>Defaults of <see cref="CsiDriverSimulatorOptions"/> and names fixed by the CSI specification.</summary>
public static class CsiConstants
{
    public const string DefaultDriverName = "csi.harness.kubevirt.io";

    public const string DefaultNodeId = "harness-node";

    public const string VendorVersion = "1.0.0";

    public const long GiB = 1024L * 1024 * 1024;

    public const long DefaultVolumeSizeBytes = GiB;

    public const long DefaultMaxVolumeSizeBytes = 16 * 1024 * GiB;

    public const long DefaultTotalCapacityBytes = 64 * 1024 * GiB;

    /// <summary>The mutable parameters a default driver accepts (as a VolumeAttributesClass names them).</summary>
    public static readonly IReadOnlyList<string> DefaultMutableParameterKeys = ["iops", "throughput"];

    /// <summary>CSI: names are at most 128 characters (csi-sanity creates volumes with names of exactly this length).</summary>
    public const int MaxNameLength = 128;
}
