using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.Instancetypes;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Reconciling;
using Harness.Reflectors;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Instancetypes;

/// <summary>
/// virt-controller's instancetype revision handler (KubeVirt 1.5 and later): for a VM with <c>spec.instancetype</c>
/// or <c>spec.preference</c> it keeps a copy of the object in a ControllerRevision the VM owns, named
/// <c>&lt;vm&gt;-&lt;object&gt;-&lt;version&gt;-&lt;uid&gt;-&lt;generation&gt;</c>, and records it in
/// <c>status.instancetypeRef</c> / <c>status.preferenceRef</c> (<c>controllerRevisionRef.name</c>). A matcher
/// pinned to a revision (<c>revisionName</c>) is recorded as is; a changed name, kind or volume forgets the old copy.
/// The spec is never written, so a VM stays declaratively managed.
/// </summary>
internal sealed class InstancetypeRevisions(ObjectWriter writer)
{
    /// <summary>Stores the copies the VM lacks and returns the VM with its status refs up to date.</summary>
    /// <exception cref="InvalidOperationException">An object cannot be found, conflicts with the VM, or an existing copy differs.</exception>
    public async Task<VirtualMachine> StoreAsync(VirtualMachine vm, CancellationToken ct)
    {
        var patch = new VirtualMachineStatus();
        var changed = false;
        foreach (var field in InstancetypeField.Both)
        {
            if (field.Matcher(vm) is not { } matcher)
            {
                continue;
            }

            var current = vm.Status is { } status ? field.StatusRefOf(status) : null;
            var synced = current is null ? new InstancetypeStatusRef() : ObjectCopy.Of(current);
            Sync(matcher, synced);
            synced.ControllerRevisionRef ??= new ControllerRevisionRef { Name = await CreateRevisionAsync(vm, field, matcher, ct) };
            if (!JsonNode.DeepEquals(JsonPatch.Json(current), JsonPatch.Json(synced)))
            {
                field.SetStatusRef(patch, synced);
                changed = true;
            }
        }

        return changed ? await writer.PatchStatusAsync<VirtualMachine>(CustomResource.VirtualMachines, vm.Key(), StatusPatch.ToJson(patch), ct) : vm;
    }

    /// <summary>The objects the ControllerRevisions of the VM's instance type and preference hold, as its status names them.</summary>
    /// <exception cref="InvalidOperationException">The VM has a matcher whose revision is not stored yet, or it holds something else.</exception>
    public async Task<(InstancetypeResource? Instancetype, PreferenceResource? Preference)> ReadAsync(VirtualMachine vm, CancellationToken ct)
        => (await ReadAsync<InstancetypeResource>(vm, InstancetypeField.Instancetype, ct), await ReadAsync<PreferenceResource>(vm, InstancetypeField.Preference, ct));

    private async Task<T?> ReadAsync<T>(VirtualMachine vm, InstancetypeField field, CancellationToken ct)
        where T : Resource
    {
        if (field.Matcher(vm) is null)
        {
            return null;
        }

        var name = field.RevisionName(vm)
            ?? throw new InvalidOperationException($"no ControllerRevision of spec.{field.SpecField} is stored yet");
        var revision = await writer.Client.AppsV1.ReadNamespacedControllerRevisionAsync(name, vm.NamespaceOrEmpty(), cancellationToken: ct);
        return InstancetypeObjects.Held(revision) as T
            ?? throw new InvalidOperationException($"ControllerRevision {name} holds no {field.SpecField}");
    }

    /// <summary>KubeVirt's <c>syncStatusWithMatcher</c>: the status ref follows the matcher.</summary>
    private static void Sync(InstancetypeMatcher matcher, InstancetypeStatusRef statusRef)
    {
        var forget = false;
        if (matcher.Name is { Length: > 0 } name && name != statusRef.Name)
        {
            statusRef.Name = name;
            forget = true;
        }

        if (matcher.Kind is { Length: > 0 } kind && kind != statusRef.Kind)
        {
            statusRef.Kind = kind;
            forget = true;
        }

        if (matcher.InferFromVolume is { Length: > 0 } volume && volume != statusRef.InferFromVolume)
        {
            statusRef.InferFromVolume = volume;
            forget = true;
        }

        if (forget)
        {
            statusRef.ControllerRevisionRef = null;
        }

        if (matcher.InferFromVolumeFailurePolicy is { } policy)
        {
            statusRef.InferFromVolumeFailurePolicy = policy;
        }

        if (matcher.RevisionName is { Length: > 0 } pinned && statusRef.ControllerRevisionRef?.Name != pinned)
        {
            statusRef.ControllerRevisionRef = new ControllerRevisionRef { Name = pinned };
        }
    }

    private async Task<string> CreateRevisionAsync(VirtualMachine vm, InstancetypeField field, InstancetypeMatcher matcher, CancellationToken ct)
    {
        var name = matcher.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidOperationException(
                $"spec.{field.SpecField} names no object (inferFromVolume is resolved by virt-api's mutating webhook, which the simulator does not run)");
        }

        var resource = field.ResourceOf(matcher);
        var key = resource.Namespaced ? new ObjectKey(vm.NamespaceOrEmpty(), name) : ObjectKey.Cluster(name);
        var found = await InstancetypeObjects.FindAsync(writer, resource, key, ct)
            ?? throw new InvalidOperationException($"{resource.Plural}.{resource.Group} \"{name}\" not found");
        if (found is InstancetypeResource instancetype)
        {
            InstancetypeExpansion.ThrowOnConflicts(instancetype.Spec, TemplateSpec(vm));
        }

        var revision = Revision(vm, found);
        try
        {
            await writer.Client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, vm.NamespaceOrEmpty(), cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await writer.Client.AppsV1.ReadNamespacedControllerRevisionAsync(revision.Name(), vm.NamespaceOrEmpty(), cancellationToken: ct);
            if (!SameObject(revision, existing))
            {
                throw new InvalidOperationException($"found existing ControllerRevision with unexpected data: {revision.Name()}");
            }
        }

        return revision.Name();
    }

    /// <summary>
    /// KubeVirt's <c>CreateControllerRevision</c>: the object (<paramref name="found"/>, read for this and changed) without
    /// labels, annotations, finalizers, owners and managed fields.
    /// </summary>
    private static V1ControllerRevision Revision(VirtualMachine vm, Resource found)
    {
        var (objectName, uid, kind) = (found.Name(), found.UidOrEmpty(), found.Kind);
        var version = found.ApiVersion.Split('/')[^1];
        var generation = found.Generation().GetValueOrDefault().ToString(CultureInfo.InvariantCulture);
        var metadata = found.Metadata;
        (metadata.Labels, metadata.Annotations, metadata.Finalizers, metadata.OwnerReferences, metadata.ManagedFields) = (null, null, null, null, null);
        return new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{vm.Name()}-{objectName}-{version}-{uid}-{generation}",
                NamespaceProperty = vm.NamespaceOrEmpty(),
                OwnerReferences = [ControllerReference.To(KubeVirtApi.ApiVersion, KubeVirtApi.VirtualMachineKind, vm.Name(), vm.UidOrEmpty())],
                Labels = new Dictionary<string, string>
                {
                    [InstancetypeApi.RevisionLabels.ObjectGeneration] = generation,
                    [InstancetypeApi.RevisionLabels.ObjectKind] = kind,
                    [InstancetypeApi.RevisionLabels.ObjectName] = objectName,
                    [InstancetypeApi.RevisionLabels.ObjectUid] = uid,
                    [InstancetypeApi.RevisionLabels.ObjectVersion] = version,
                },
            },
            Data = found,
        };
    }

    /// <summary>KubeVirt's <c>revision.Compare</c>: two revisions hold the same object when their specs are equal.</summary>
    private static bool SameObject(V1ControllerRevision a, V1ControllerRevision b) =>
        JsonNode.DeepEquals(Spec(a), Spec(b));

    private static JsonNode? Spec(V1ControllerRevision revision) => KubernetesUtf8Json.SerializeToNode(revision.Data)?["spec"];
}
