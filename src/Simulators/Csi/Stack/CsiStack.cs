using System.Net;
using Harness.Simulators.Csi.Kubelet;
using Harness.Simulators.Csi.Provisioner;
using Harness.Api.SnapshotStorage;
using Harness.Simulators.Csi.Snapshotter;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;

namespace Harness.Simulators.Csi.Stack;

/// <summary>
/// Storage for a cluster, as <c>harness up</c> and the scenarios run it: the snapshotter and the
/// provisioner for a set of CSI drivers, optionally kubelet's node expansion of mounted volumes, and optionally a
/// default StorageClass and VolumeSnapshotClass.
/// </summary>
public sealed class CsiStack(IKubernetes client, CsiStackOptions options) : IHostedService, IAsyncDisposable
{
    private CsiSnapshotter? snapshotter;
    private CsiProvisioner? provisioner;
    private NodeVolumeExpander? nodeExpander;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.DefaultClassesDriver is { } driver)
        {
            await CreateDefaultClassesAsync(driver, cancellationToken);
        }

        var invokers = options.Drivers.ToDictionary(d => d.DriverName, d => d.Invoker, StringComparer.Ordinal);
        snapshotter = new CsiSnapshotter(client, invokers, options.Sidecars);
        provisioner = new CsiProvisioner(client, invokers, options.Sidecars);
        await snapshotter.StartAsync(cancellationToken);
        await provisioner.StartAsync(cancellationToken);
        if (options.NodeMounts is { } mounts)
        {
            nodeExpander = new NodeVolumeExpander(client, invokers, mounts, CsiConstants.DefaultNodeId, options.Sidecars);
            await nodeExpander.StartAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (nodeExpander is not null)
        {
            await nodeExpander.DisposeAsync();
        }

        if (provisioner is not null)
        {
            await provisioner.DisposeAsync();
        }

        if (snapshotter is not null)
        {
            await snapshotter.DisposeAsync();
        }
    }

    private async Task CreateDefaultClassesAsync(string driver, CancellationToken cancellationToken)
    {
        await IgnoreConflict(() => client.StorageV1.CreateStorageClassAsync(
            new V1StorageClass
            {
                Metadata = new V1ObjectMeta
                {
                    Name = CsiStackOptions.DefaultStorageClassName,
                    Annotations = new Dictionary<string, string> { [ProvisionerConstants.DefaultStorageClassAnnotation] = "true" },
                },
                Provisioner = driver,
                ReclaimPolicy = "Delete",
                VolumeBindingMode = "Immediate",
            },
            cancellationToken: cancellationToken));
        await IgnoreConflict(() => client.CustomObjects.CreateClusterCustomObjectAsync(
            new VolumeSnapshotClass
            {
                Metadata = new V1ObjectMeta
                {
                    Name = CsiStackOptions.DefaultSnapshotClassName,
                    Annotations = new Dictionary<string, string> { [SnapshotStorageApi.IsDefaultClassAnnotation] = "true" },
                },
                Driver = driver,
                DeletionPolicy = SnapshotStorageApi.DeletionPolicyDelete,
            },
            SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotClassPlural, cancellationToken: cancellationToken));
    }

    private static async Task IgnoreConflict<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }
}
