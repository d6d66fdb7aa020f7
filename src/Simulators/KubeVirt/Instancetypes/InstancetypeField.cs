using Harness.Api.Instancetypes;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.Instancetypes;

/// <summary>
/// One of the two things a VM can refer to by matcher: its instance type (<c>spec.instancetype</c>,
/// <c>status.instancetypeRef</c>) or its preference (<c>spec.preference</c>, <c>status.preferenceRef</c>).
/// </summary>
internal sealed record InstancetypeField(
    string SpecField,
    Func<VirtualMachineSpec, InstancetypeMatcher?> MatcherOf,
    Func<VirtualMachineStatus, InstancetypeStatusRef?> StatusRefOf,
    Action<VirtualMachineStatus, InstancetypeStatusRef> SetStatusRef,
    bool IsPreference,
    CustomResource Namespaced,
    CustomResource Cluster,
    string InstanceAnnotation,
    string ClusterInstanceAnnotation)
{
    public static readonly InstancetypeField Instancetype = new(
        "instancetype", spec => spec.Instancetype, status => status.InstancetypeRef, (status, value) => status.InstancetypeRef = value, false, CustomResource.Instancetypes, CustomResource.ClusterInstancetypes,
        InstancetypeApi.InstanceAnnotations.Instancetype, InstancetypeApi.InstanceAnnotations.ClusterInstancetype);

    public static readonly InstancetypeField Preference = new(
        "preference", spec => spec.Preference, status => status.PreferenceRef, (status, value) => status.PreferenceRef = value, true, CustomResource.Preferences, CustomResource.ClusterPreferences,
        InstancetypeApi.InstanceAnnotations.Preference, InstancetypeApi.InstanceAnnotations.ClusterPreference);

    public static IReadOnlyList<InstancetypeField> Both { get; } = [Instancetype, Preference];

    public InstancetypeMatcher? Matcher(VirtualMachine vm) => MatcherOf(vm.Spec);

    /// <summary>The resource a matcher's <c>kind</c> names (the cluster-wide one when empty).</summary>
    /// <exception cref="InvalidOperationException">The kind is neither.</exception>
    public CustomResource ResourceOf(InstancetypeMatcher matcher) => InstancetypeApi.IsClusterKind(matcher.Kind, IsPreference) switch
    {
        true => Cluster,
        false => Namespaced,
        null => throw new InvalidOperationException(
            $"got unexpected kind in {(IsPreference ? "PreferenceMatcher" : "InstancetypeMatcher")}: {matcher.Kind}"),
    };

    /// <summary>The name of the ControllerRevision the VM's status says it uses, if any.</summary>
    public string? RevisionName(VirtualMachine vm) => vm.Status is { } status ? StatusRefOf(status)?.ControllerRevisionRef?.Name : null;
}
