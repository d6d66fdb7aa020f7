using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Reconciling;
using k8s.Models;

namespace Harness.Controller.Restores.Target;

/// <summary>
/// The VM a restore writes (KubeVirt's <c>generateRestoredVMSpec</c>, §3.6): the captured spec with its claim and
/// DataVolume volumes pointing at the restored ones (standalone DataVolumes become claims, memory dumps are dropped);
/// an existing target keeps its metadata and run strategy (legacy <c>running</c> becomes false), a new one takes
/// the captured labels and annotations and is created stopped; both carry this restore's <c>lastRestoreUID</c>, and a
/// VM restored under its own name keeps the legacy firmware UUID its guest saw.
/// </summary>
internal static class RestoredVirtualMachine
{
    public static VirtualMachine Generate(RestoreTarget target, VirtualMachine captured)
    {
        var restore = target.Restore;
        var spec = ObjectCopy.Of(captured.Spec);
        var templates = spec.DataVolumeTemplates ?? [];
        var volumes = new List<Volume>();
        foreach (var original in captured.Spec.Template?.Spec?.Volumes ?? [])
        {
            if (original.MemoryDump is not null)
            {
                continue;
            }

            var volume = ObjectCopy.Of(original);
            if ((volume.PersistentVolumeClaim is not null || volume.DataVolume is not null)
                && restore.Status?.Restores?.FirstOrDefault(r => r.VolumeName == volume.Name) is { } entry)
            {
                volume = Restored(volume, entry, templates);
            }

            volumes.Add(volume);
        }

        VirtualMachine vm;
        if (target.Vm is { } existing)
        {
            vm = ObjectCopy.Of(existing);
            vm.Spec = spec;
            if (existing.Spec.Running is not null)
            {
                vm.Spec.Running = false;
                vm.Spec.RunStrategy = null;
            }
            else
            {
                vm.Spec.RunStrategy = existing.Spec.RunStrategy ?? KubeVirtApi.RunStrategies.Halted;
                vm.Spec.Running = null;
            }
        }
        else
        {
            vm = new VirtualMachine
            {
                Metadata = new V1ObjectMeta
                {
                    Name = restore.Spec.Target.Name,
                    NamespaceProperty = restore.Metadata.NamespaceProperty,
                    Labels = captured.Metadata.Labels,
                    Annotations = captured.Metadata.Annotations,
                },
                Spec = spec,
            };
            if (spec.Running is not null)
            {
                spec.Running = false;
            }
            else
            {
                spec.RunStrategy = KubeVirtApi.RunStrategies.Halted;
            }
        }

        vm.Spec.DataVolumeTemplates = spec.DataVolumeTemplates is null ? null : templates;
        if (vm.Spec.Template?.Spec is { } instance)
        {
            instance.Volumes = volumes;
        }

        vm.Metadata.Annotations = new Dictionary<string, string>(vm.Metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [SnapshotApi.LastRestoreUidAnnotation] = RestoreTarget.LastRestoreUid(restore),
        };
        if (captured.Metadata.Name == vm.Metadata.Name && vm.Spec.Template?.Spec?.Domain is { } domain && string.IsNullOrEmpty(domain.Firmware?.Uuid))
        {
            domain.Firmware ??= new Firmware();
            domain.Firmware.Uuid = LegacyFirmwareUuid.Of(vm.Metadata.Name);
        }

        return vm;
    }

    /// <summary>The volume pointing at its restored claim, or at its restored DataVolume (whose template is renamed).</summary>
    private static Volume Restored(Volume volume, VolumeRestore entry, IList<DataVolumeTemplateSpec> templates)
    {
        if (volume.DataVolume is not { } dataVolume)
        {
            volume.PersistentVolumeClaim!.ClaimName = entry.PersistentVolumeClaim;
            return volume;
        }

        var index = TemplateIndex(templates, dataVolume.Name);
        if (index < 0)
        {
            return new Volume
            {
                Name = volume.Name,
                PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = entry.PersistentVolumeClaim },
            };
        }

        var restoredName = entry.DataVolumeName
            ?? throw new RestoreException($"DataVolumeName for dv {dataVolume.Name} should have been updated already");
        var template = ObjectCopy.Of(templates[index]);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Name = restoredName;
        templates[index] = template;
        dataVolume.Name = restoredName;
        return volume;
    }

    public static int TemplateIndex(IList<DataVolumeTemplateSpec>? templates, string? name)
    {
        for (var i = 0; i < (templates?.Count ?? 0); i++)
        {
            if (templates![i].Metadata?.Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
