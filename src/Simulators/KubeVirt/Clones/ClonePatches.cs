using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.Api.Clones;
using Harness.Api.KubeVirt;

namespace Harness.Simulators.KubeVirt.Clones;

/// <summary>
/// The JSON patches a clone hands its restore (KubeVirt's <c>generatePatches</c>), each one RFC 6902 operation: every
/// interface's <c>macAddress</c> replaced by <c>newMacAddresses[name]</c> or <c>""</c>; with a <c>firmware</c>, its
/// <c>serial</c> replaced by <c>newSMBiosSerial</c> or <c>""</c>; the VM's and the template's labels and annotations
/// that the filters do not keep removed (no filters keep everything; <c>restore.kubevirt.io/lastRestoreUID</c> is never
/// removed); with a <c>firmware</c>, its <c>uuid</c> replaced by <c>""</c>; then the clone's own <c>patches</c>.
/// </summary>
internal static class ClonePatches
{
    private const string LastRestoreAnnotation = "restore.kubevirt.io/lastRestoreUID";

    public static IReadOnlyList<string> For(VirtualMachine vm, VirtualMachineCloneSpec cloneSpec)
    {
        var patches = new JsonArray();
        var index = 0;
        var template = vm.Spec.Template;
        foreach (var iface in template?.Spec?.Domain?.Devices?.Interfaces ?? [])
        {
            var mac = cloneSpec.NewMacAddresses?.TryGetValue(iface.Name ?? "", out var address) == true ? address : "";
            patches.Add(Replace(string.Create(CultureInfo.InvariantCulture, $"/spec/template/spec/domain/devices/interfaces/{index++}/macAddress"), mac));
        }

        var firmware = template?.Spec?.Domain?.Firmware is not null;
        if (firmware)
        {
            patches.Add(Replace("/spec/template/spec/domain/firmware/serial", cloneSpec.NewSMBiosSerial ?? ""));
        }

        RemoveFiltered(patches, vm.Metadata.Labels, cloneSpec.LabelFilters, "/metadata/labels", keep: null);
        RemoveFiltered(patches, vm.Metadata.Annotations, cloneSpec.AnnotationFilters, "/metadata/annotations", keep: LastRestoreAnnotation);
        RemoveFiltered(patches, template?.Metadata?.Labels, cloneSpec.Template?.LabelFilters, "/spec/template/metadata/labels", keep: null);
        RemoveFiltered(patches, template?.Metadata?.Annotations, cloneSpec.Template?.AnnotationFilters, "/spec/template/metadata/annotations", keep: null);
        if (firmware)
        {
            patches.Add(Replace("/spec/template/spec/domain/firmware/uuid", ""));
        }

        return [.. patches.Select(p => p!.ToJsonString()), .. cloneSpec.Patches ?? []];
    }

    /// <summary>Removes every key the filters do not keep: kept when a filter matches it and no <c>!</c>filter does; <c>*</c> alone means all.</summary>
    private static void RemoveFiltered(JsonArray patches, IDictionary<string, string>? map, IList<string>? filters, string path, string? keep)
    {
        if (filters is null || map is null)
        {
            return;
        }

        var include = filters.Where(f => !f.StartsWith('!')).Select(f => f == "*" ? ".*" : f).ToList();
        var exclude = filters.Where(f => f.StartsWith('!')).Select(f => f[1..]).ToList();
        foreach (var key in map.Keys.Where(k => k != keep).Order(StringComparer.Ordinal))
        {
            if (!include.Any(f => Matches(f, key)) || exclude.Any(f => Matches(f, key)))
            {
                patches.Add(new JsonObject { ["op"] = "remove", ["path"] = $"{path}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}" });
            }
        }
    }

    /// <summary>An unanchored regular expression match, as Go's <c>regexp.MatchString</c>; an invalid expression matches nothing.</summary>
    private static bool Matches(string pattern, string key)
    {
        try
        {
            return Regex.IsMatch(key, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static JsonObject Replace(string path, string value) => new() { ["op"] = "replace", ["path"] = path, ["value"] = value };
}
