using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.GroupSnapshotStorage;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using static Harness.Simulators.Csi.Snapshotter.SnapshotJson;

namespace Harness.Simulators.Csi.Snapshotter.Groups;

/// <summary>The common controller: a VolumeGroupSnapshot gets its class, content, member snapshots, finalizer and status.</summary>
internal sealed partial class CsiGroupSnapshotter
{
    private async Task<ReconcileResult> ReconcileGroupAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (groups.Get(key) is not { } vgs)
        {
            return ReconcileResult.Done;
        }

        var content = contents.Get(ObjectKey.Cluster(vgs.Status?.BoundVolumeGroupSnapshotContentName ?? ContentNamePrefix + vgs.Metadata.Uid));
        if (vgs.Metadata.DeletionTimestamp is not null)
        {
            await DeleteGroupAsync(vgs, content, cancellationToken);
            return ReconcileResult.Done;
        }

        if (vgs.Spec.Source?.Selector is not { } selector)
        {
            await SetGroupErrorAsync(vgs, "the harness snapshotter provisions group snapshots dynamically only: spec.source.selector is required", cancellationToken);
            return ReconcileResult.Done;
        }

        if (!MergePatches.Has(vgs.Metadata, GroupSnapshotStorageApi.VolumeGroupSnapshotBoundProtectionFinalizer))
        {
            await PatchGroupAsync(vgs, MergePatches.Finalizers(vgs.Metadata, MergePatches.With(vgs.Metadata, GroupSnapshotStorageApi.VolumeGroupSnapshotBoundProtectionFinalizer)), cancellationToken);
            return ReconcileResult.Done;
        }

        if (content is null)
        {
            await CreateContentAsync(vgs, selector, cancellationToken);
            return ReconcileResult.Done;
        }

        if (content.Spec.VolumeGroupSnapshotRef?.Uid != vgs.Metadata.Uid)
        {
            await SetGroupErrorAsync(vgs, $"VolumeGroupSnapshotContent {content.Metadata.Name} is bound to another VolumeGroupSnapshot", cancellationToken);
            return ReconcileResult.Done;
        }

        var membersReady = await CreateMembersAsync(vgs, content, cancellationToken);
        await UpdateGroupStatusAsync(vgs, content, membersReady, cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>The group's class (the default for the driver is written into the spec first), then its content over the selected claims' volumes.</summary>
    private async Task CreateContentAsync(VolumeGroupSnapshot vgs, V1LabelSelector selector, CancellationToken cancellationToken)
    {
        var ns = vgs.Metadata.NamespaceProperty;
        string query;
        try
        {
            query = LabelSelectorQuery.Of(selector);
        }
        catch (ArgumentException e)
        {
            await SetGroupErrorAsync(vgs, e.Message, cancellationToken);
            return;
        }

        var claims = (await sidecar.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: query, cancellationToken: cancellationToken)).Items
            .OrderBy(pvc => pvc.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        if (claims.Count == 0)
        {
            await SetGroupErrorAsync(vgs, $"label selector {query} for group snapshot not applied to any PVC", cancellationToken);
            return;
        }

        var volumes = new List<V1PersistentVolume>();
        foreach (var pvc in claims)
        {
            if (pvc.Status?.Phase != "Bound" || sidecar.Volumes.Get(ObjectKey.Cluster(pvc.Spec.VolumeName ?? "")) is not { Spec.Csi: { } } pv)
            {
                await SetGroupErrorAsync(vgs, $"the PVC {ns}/{pvc.Metadata.Name} is not yet bound to a CSI volume, will not attempt to take a group snapshot", cancellationToken);
                return;
            }

            volumes.Add(pv);
        }

        var drivers = volumes.Select(pv => pv.Spec.Csi.Driver).Distinct(StringComparer.Ordinal).ToList();
        if (drivers.Count != 1 || !sidecar.Groups.ContainsKey(drivers[0]))
        {
            await SetGroupErrorAsync(vgs, $"the selected PVCs are on drivers {string.Join(", ", drivers)}; a group snapshot is cut by one driver of this snapshotter", cancellationToken);
            return;
        }

        var (groupClass, classError) = ResolveClass(vgs.Spec.VolumeGroupSnapshotClassName, drivers[0]);
        if (groupClass is null)
        {
            await SetGroupErrorAsync(vgs, classError!, cancellationToken);
            return;
        }

        if (vgs.Spec.VolumeGroupSnapshotClassName is null)
        {
            await PatchGroupAsync(vgs, MergePatches.Of(new JsonObject { ["spec"] = new JsonObject { ["volumeGroupSnapshotClassName"] = groupClass.Metadata.Name } }), cancellationToken);
            return;
        }

        var content = new VolumeGroupSnapshotContent
        {
            Metadata = new V1ObjectMeta { Name = ContentNamePrefix + vgs.Metadata.Uid, Finalizers = [GroupSnapshotStorageApi.VolumeGroupSnapshotContentBoundProtectionFinalizer] },
            Spec = new VolumeGroupSnapshotContentSpec
            {
                VolumeGroupSnapshotRef = new V1ObjectReference
                {
                    ApiVersion = GroupSnapshotStorageApi.ApiVersion,
                    Kind = GroupSnapshotStorageApi.VolumeGroupSnapshotKind,
                    NamespaceProperty = ns,
                    Name = vgs.Metadata.Name,
                    Uid = vgs.Metadata.Uid,
                    ResourceVersion = vgs.Metadata.ResourceVersion,
                },
                DeletionPolicy = groupClass.DeletionPolicy,
                Driver = drivers[0],
                VolumeGroupSnapshotClassName = groupClass.Metadata.Name,
                Source = new VolumeGroupSnapshotContentSource { VolumeHandles = [.. volumes.Select(pv => pv.Spec.Csi.VolumeHandle)] },
            },
        };
        try
        {
            await sidecar.Client.CustomObjects.CreateClusterCustomObjectAsync(
                content, GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, GroupSnapshotStorageApi.VolumeGroupSnapshotContentPlural, cancellationToken: cancellationToken);
            sidecar.Logger.LogInformation("VolumeGroupSnapshot {Namespace}/{Name}: created VolumeGroupSnapshotContent {Content} over {Claims}", ns, vgs.Metadata.Name, content.Metadata.Name, claims.Select(c => c.Metadata.Name));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>The named class, or the single class marked default for the driver.</summary>
    private (VolumeGroupSnapshotClass? Class, string? Error) ResolveClass(string? className, string driver)
    {
        if (className is not null)
        {
            return classes.Get(ObjectKey.Cluster(className)) switch
            {
                null => (null, $"failed to get input parameters to create group snapshot: VolumeGroupSnapshotClass {className} not found"),
                { } found when found.Driver != driver => (null, $"VolumeGroupSnapshotClass {className} is for driver {found.Driver}, not {driver}"),
                { } found => (found, null),
            };
        }

        var defaults = classes.List()
            .Where(c => c.Driver == driver && c.Metadata.Annotations?.TryGetValue(GroupSnapshotStorageApi.IsDefaultClassAnnotation, out var value) == true && value == "true")
            .ToList();
        return defaults.Count switch
        {
            0 => (null, $"cannot find default group snapshot class for driver {driver}"),
            1 => (defaults[0], null),
            _ => (null, $"{defaults.Count} default group snapshot classes were found for driver {driver}"),
        };
    }

    /// <summary>The group's status from its content: bound, cut, ready once every member snapshot is bound, or the content's error.</summary>
    private async Task UpdateGroupStatusAsync(VolumeGroupSnapshot vgs, VolumeGroupSnapshotContent content, bool membersReady, CancellationToken cancellationToken)
    {
        var ready = content.Status?.ReadyToUse == true && membersReady;
        var current = vgs.Status;
        if (current?.BoundVolumeGroupSnapshotContentName == content.Metadata.Name
            && Rfc3339(current.CreationTime) == Rfc3339(content.Status?.CreationTime)
            && current.ReadyToUse == ready
            && current.Error?.Message == content.Status?.Error?.Message)
        {
            return;
        }

        await PatchGroupStatusAsync(
            vgs,
            new JsonObject
            {
                ["boundVolumeGroupSnapshotContentName"] = content.Metadata.Name,
                ["creationTime"] = Rfc3339(content.Status?.CreationTime),
                ["readyToUse"] = ready,
                ["error"] = content.Status?.Error is { } error ? new JsonObject { ["time"] = Rfc3339(error.Time), ["message"] = error.Message } : null,
            },
            cancellationToken);
        sidecar.Logger.LogInformation("VolumeGroupSnapshot {Namespace}/{Name}: bound to {Content}, readyToUse={Ready}", vgs.Metadata.NamespaceProperty, vgs.Metadata.Name, content.Metadata.Name, ready);
    }

    private async Task SetGroupErrorAsync(VolumeGroupSnapshot vgs, string message, CancellationToken cancellationToken)
    {
        if (vgs.Status?.Error?.Message == message)
        {
            return;
        }

        sidecar.Logger.LogWarning("VolumeGroupSnapshot {Namespace}/{Name}: {Message}", vgs.Metadata.NamespaceProperty, vgs.Metadata.Name, message);
        await PatchGroupStatusAsync(vgs, new JsonObject { ["readyToUse"] = false, ["error"] = Error(message, sidecar.Time.GetUtcNow()) }, cancellationToken);
    }
}
