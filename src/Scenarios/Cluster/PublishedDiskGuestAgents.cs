using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Kubelet;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// Live guests on CSI volumes: before a VMI's <c>harness-guest-agent</c> process starts, each of its claim-backed disks is
/// published by its CSI driver (<c>NodePublishVolume</c>, block mode) to a file that the process gets as <c>--disk</c>;
/// when the VMI stops, the files are unpublished, so the driver's volume holds what the guest wrote. The node's
/// <see cref="NodeMounts"/> know each published disk meanwhile, so kubelet's expansion can grow it.
/// </summary>
public sealed class PublishedDiskGuestAgents : IGuestAgentConnector
{
    private readonly IReadOnlyDictionary<string, Node.NodeClient> nodes;
    private readonly string publishDirectory;
    private readonly NodeMounts mounts;
    private readonly ProcessGuestAgentConnector processes;

    public PublishedDiskGuestAgents(
        IReadOnlyDictionary<string, CallInvoker> drivers, string publishDirectory, NodeMounts mounts, ProcessGuestAgentOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(options);
        nodes = drivers.ToDictionary(d => d.Key, d => new Node.NodeClient(d.Value), StringComparer.Ordinal);
        this.publishDirectory = publishDirectory;
        this.mounts = mounts;
        processes = new ProcessGuestAgentConnector(
            new ProcessGuestAgentOptions
            {
                FileName = options.FileName,
                LeadingArguments = options.LeadingArguments,
                SocketDirectory = options.SocketDirectory,
                StartTimeout = options.StartTimeout,
                FreezeStatusChanged = options.FreezeStatusChanged,
                ExtraArguments = launch => Published(launch).SelectMany(disk => new[] { "--disk", disk.Mount.TargetPath }),
            },
            timeProvider);
    }

    /// <summary>Raised with a guest's CSI volume handles once its disks are published, before its agent process starts.</summary>
    public event Action<IReadOnlyList<string>>? Booting;

    public async Task<IGuestAgentEndpoint?> StartAsync(GuestAgentLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (GuestFaults.ForGuest(launch.Annotations) is null)
        {
            return null;
        }

        var disks = Published(launch).ToList();
        Directory.CreateDirectory(Path.Combine(publishDirectory, launch.Uid));
        foreach (var disk in disks)
        {
            await disk.Node.NodePublishVolumeAsync(
                new NodePublishVolumeRequest { VolumeId = disk.Mount.VolumeHandle, TargetPath = disk.Mount.TargetPath, VolumeCapability = disk.Mount.Capability },
                cancellationToken: cancellationToken);
            mounts.Add(disk.Mount);
        }

        Booting?.Invoke([.. disks.Select(d => d.Mount.VolumeHandle)]);
        return new Endpoint((await processes.StartAsync(launch, cancellationToken))!, disks, mounts);
    }

    private IEnumerable<PublishedDisk> Published(GuestAgentLaunch launch) =>
        launch.Disks
            .Where(disk => disk.VolumeHandle is not null && disk.Driver is not null && nodes.ContainsKey(disk.Driver))
            .Select(disk => new PublishedDisk(
                nodes[disk.Driver!],
                new NodeMount(disk.Driver!, disk.VolumeHandle!, Path.Combine(publishDirectory, launch.Uid, disk.VolumeName + ".img"), null, BlockWriter)));

    private static readonly VolumeCapability BlockWriter = new()
    {
        Block = new VolumeCapability.Types.BlockVolume(),
        AccessMode = new VolumeCapability.Types.AccessMode { Mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter },
    };

    private sealed record PublishedDisk(Node.NodeClient Node, NodeMount Mount);

    private sealed class Endpoint(IGuestAgentEndpoint agent, IReadOnlyList<PublishedDisk> disks, NodeMounts mounts) : IGuestAgentEndpoint
    {
        public Task<Stream> ConnectAsync(CancellationToken cancellationToken) => agent.ConnectAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await agent.DisposeAsync();
            foreach (var disk in disks)
            {
                mounts.Remove(disk.Mount);
                await disk.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = disk.Mount.VolumeHandle, TargetPath = disk.Mount.TargetPath });
            }
        }
    }
}
