using Harness.Api.KubeVirt;

namespace Harness.Controller.Instancetypes;

/// <summary>
/// The matchers of a VM (<c>spec.instancetype</c>, <c>spec.preference</c>) pinned to a ControllerRevision by
/// <c>revisionName</c>: the only instancetype state a snapshot captures and a restore re-creates. A VM whose copies
/// virt-controller records in its status (KubeVirt 1.5 and later) has none; a restored one gets fresh copies from
/// virt-controller.
/// </summary>
internal static class PinnedRevisions
{
    public static IEnumerable<InstancetypeMatcher> Of(VirtualMachineSpec spec) =>
        new[] { spec.Instancetype, spec.Preference }.OfType<InstancetypeMatcher>().Where(m => !string.IsNullOrEmpty(m.RevisionName));
}
