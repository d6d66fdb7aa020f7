using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using Harness.Reflectors;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Cdi;

/// <summary>
/// CDI's StorageProfile controller: one cluster-scoped StorageProfile per StorageClass, named after it,
/// whose status reports the class, its provisioner, the claim property sets (the spec's, else
/// ReadWriteOnce/Filesystem), the clone strategy and <c>snapshotClass</c>: the VolumeSnapshotClass of the
/// provisioner's driver (the one annotated default when several exist).
/// </summary>
internal sealed class StorageProfileController
{
    private readonly ClusterCache cache;
    private readonly ObjectWriter writer;

    public StorageProfileController(ClusterCache cache, ObjectWriter writer)
    {
        this.cache = cache;
        this.writer = writer;
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var storageClass = cache.StorageClasses.Get(key);
        var profile = cache.StorageProfiles.Get(key);
        if (storageClass is null)
        {
            if (profile is not null)
            {
                await writer.DeleteAsync(CustomResource.StorageProfiles, key, ct);
            }

            return ReconcileResult.Done;
        }

        profile ??= await writer.CreateAsync(
            CustomResource.StorageProfiles,
            new StorageProfile { Metadata = new V1ObjectMeta { Name = key.Name } },
            ct);
        var snapshotClass = SnapshotClassFor(storageClass.Provisioner);
        IList<ClaimPropertySet> properties = profile.Spec.ClaimPropertySets is { Count: > 0 } declared
            ? declared
            : [new ClaimPropertySet { AccessModes = ["ReadWriteOnce"], VolumeMode = "Filesystem" }];
        var desired = new JsonObject
        {
            ["storageClass"] = key.Name,
            ["provisioner"] = storageClass.Provisioner,
            ["claimPropertySets"] = KubernetesUtf8Json.SerializeToNode(properties),
            ["cloneStrategy"] = profile.Spec.CloneStrategy ?? (snapshotClass is null ? "copy" : "snapshot"),
            ["snapshotClass"] = profile.Spec.SnapshotClass ?? snapshotClass,
        };
        var patch = StatusPatch.Changes(profile.Status, desired);
        if (patch.Count > 0)
        {
            await writer.PatchStatusAsync(CustomResource.StorageProfiles, key, patch, ct);
        }

        return ReconcileResult.Done;
    }

    private string? SnapshotClassFor(string? driver)
    {
        var candidates = cache.VolumeSnapshotClasses.List()
            .Where(c => c.Driver == driver)
            .OrderBy(c => c.Name(), StringComparer.Ordinal)
            .ToList();
        return candidates.Count switch
        {
            0 => null,
            1 => candidates[0].Name(),
            _ => candidates.FirstOrDefault(c => c.GetAnnotation(SnapshotStorageApi.IsDefaultClassAnnotation) is not null)?.Name(),
        };
    }
}
