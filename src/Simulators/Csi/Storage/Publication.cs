using System.Text.Json.Serialization;

namespace Harness.Simulators.Csi.Storage;

/// <summary>
/// Where a volume is published on the node: a block volume is the file at <see cref="TargetPath"/>,
/// a mount volume is the file <c>disk.img</c> inside the directory <see cref="TargetPath"/> (the
/// layout KubeVirt uses for filesystem-mode disks). While published, that file is the volume's content.
/// </summary>
internal sealed record Publication(string TargetPath, bool Block, bool Readonly)
{
    public const string DiskImageName = "disk.img";

    [JsonIgnore]
    public string ContentPath => Block ? TargetPath : Path.Combine(TargetPath, DiskImageName);
}
