using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Storage;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.KubeVirt.MemoryDumps;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// The host-assisted clone's copy between live CSI volumes, as CDI's source and upload pods see them: the driver
/// publishes the source read-only and the target writable (<c>NodePublishVolume</c>, block mode) to files, the source
/// file's data extents are written into the target file, and both are unpublished, so the driver's target volume holds
/// the copy. A memory dump is written the same way: the claim's volume published writable, the dump written into the
/// file, the volume unpublished.
/// </summary>
public sealed class PublishedVolumeCopier : IVolumeCopier, IVolumeContentWriter
{
    private readonly IReadOnlyDictionary<string, Node.NodeClient> nodes;
    private readonly string publishDirectory;

    public PublishedVolumeCopier(IReadOnlyDictionary<string, CallInvoker> drivers, string publishDirectory)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        nodes = drivers.ToDictionary(d => d.Key, d => new Node.NodeClient(d.Value), StringComparer.Ordinal);
        this.publishDirectory = publishDirectory;
    }

    public async Task CopyAsync(ClaimVolume source, ClaimVolume target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var directory = Path.Combine(publishDirectory, "clone-" + target.VolumeHandle);
        Directory.CreateDirectory(directory);
        var sourceFile = await PublishAsync(source, Path.Combine(directory, "source.img"), readOnly: true, cancellationToken);
        try
        {
            var targetFile = await PublishAsync(target, Path.Combine(directory, "target.img"), readOnly: false, cancellationToken);
            try
            {
                Copy(sourceFile, targetFile);
            }
            finally
            {
                await UnpublishAsync(target, targetFile);
            }
        }
        finally
        {
            await UnpublishAsync(source, sourceFile);
        }

        Directory.Delete(directory);
    }

    public async Task WriteAsync(ClaimVolume volume, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var directory = Directory.CreateDirectory(Path.Combine(publishDirectory, "write-" + volume.VolumeHandle));
        var file = await PublishAsync(volume, Path.Combine(directory.FullName, "volume.img"), readOnly: false, cancellationToken);
        try
        {
            using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            await RandomAccess.WriteAsync(handle, content, 0, cancellationToken);
        }
        finally
        {
            await UnpublishAsync(volume, file);
        }

        directory.Delete();
    }

    private static void Copy(string sourceFile, string targetFile)
    {
        using var from = File.OpenHandle(sourceFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var to = File.OpenHandle(targetFile, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var length = Math.Min(RandomAccess.GetLength(from), RandomAccess.GetLength(to));
        var buffer = new byte[1 << 16];
        foreach (var (start, end) in SparseFile.DataRanges(from, length))
        {
            for (var offset = start; offset < end;)
            {
                var read = RandomAccess.Read(from, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - offset)), offset);
                if (read == 0)
                {
                    break;
                }

                RandomAccess.Write(to, buffer.AsSpan(0, read), offset);
                offset += read;
            }
        }
    }

    private async Task<string> PublishAsync(ClaimVolume volume, string path, bool readOnly, CancellationToken cancellationToken)
    {
        await Node(volume).NodePublishVolumeAsync(
            new NodePublishVolumeRequest { VolumeId = volume.VolumeHandle, TargetPath = path, Readonly = readOnly, VolumeCapability = readOnly ? BlockReader : BlockWriter },
            cancellationToken: cancellationToken);
        return path;
    }

    private Task UnpublishAsync(ClaimVolume volume, string path)
        => Node(volume).NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.VolumeHandle, TargetPath = path }).ResponseAsync;

    private Node.NodeClient Node(ClaimVolume volume)
        => nodes.TryGetValue(volume.Driver, out var node)
            ? node
            : throw new InvalidOperationException($"claim {volume.Claim} is on driver {volume.Driver}, which this cluster does not run");

    private static readonly VolumeCapability BlockWriter = Block(VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter);

    private static readonly VolumeCapability BlockReader = Block(VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeReaderOnly);

    private static VolumeCapability Block(VolumeCapability.Types.AccessMode.Types.Mode mode) => new()
    {
        Block = new VolumeCapability.Types.BlockVolume(),
        AccessMode = new VolumeCapability.Types.AccessMode { Mode = mode },
    };
}
