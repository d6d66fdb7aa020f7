using Harness.Simulators.Csi.SnapshotApi;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Cluster;

/// <summary>The default StorageClass and VolumeSnapshotClass of a driver, created when missing.</summary>
public static class DefaultStorage
{
    public const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    /// <summary>Creates StorageClass <paramref name="driver"/> (default, WaitForFirstConsumer when asked) and VolumeSnapshotClass <c>&lt;driver&gt;-snapclass</c> (default).</summary>
    public static async Task EnsureAsync(IKubernetes client, string driver, bool snapshots, string bindingMode = "Immediate", bool isDefault = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        await IgnoreExisting(() => client.StorageV1.CreateStorageClassAsync(
            new V1StorageClass
            {
                Metadata = new V1ObjectMeta
                {
                    Name = driver,
                    Annotations = isDefault ? new Dictionary<string, string> { [DefaultClassAnnotation] = "true" } : null,
                },
                Provisioner = driver,
                VolumeBindingMode = bindingMode,
                ReclaimPolicy = "Delete",
                AllowVolumeExpansion = true,
            },
            cancellationToken: cancellationToken));
        if (!snapshots)
        {
            return;
        }

        await IgnoreExisting(() => client.CustomObjects.CreateClusterCustomObjectAsync(
            new VolumeSnapshotClass
            {
                Metadata = new V1ObjectMeta
                {
                    Name = driver + "-snapclass",
                    Annotations = isDefault ? new Dictionary<string, string> { [SnapshotApiConstants.IsDefaultClassAnnotation] = "true" } : null,
                },
                Driver = driver,
                DeletionPolicy = SnapshotApiConstants.DeletionPolicyDelete,
            },
            SnapshotApiConstants.Group,
            SnapshotApiConstants.Version,
            SnapshotApiConstants.VolumeSnapshotClassPlural,
            cancellationToken: cancellationToken));
    }

    private static async Task IgnoreExisting<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }
    }
}
