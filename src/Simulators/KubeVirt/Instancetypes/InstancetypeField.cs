using System.Text.Json.Nodes;
using Harness.Api.Instancetypes;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.Instancetypes;

/// <summary>
/// One of the two things a VM can refer to by matcher: its instance type (<c>spec.instancetype</c>,
/// <c>status.instancetypeRef</c>) or its preference (<c>spec.preference</c>, <c>status.preferenceRef</c>).
/// </summary>
internal sealed record InstancetypeField(
    string SpecField,
    string StatusField,
    bool IsPreference,
    CustomResource Namespaced,
    CustomResource Cluster,
    string InstanceAnnotation,
    string ClusterInstanceAnnotation)
{
    public static readonly InstancetypeField Instancetype = new(
        "instancetype", "instancetypeRef", false, CustomResource.Instancetypes, CustomResource.ClusterInstancetypes,
        InstancetypeApi.InstanceAnnotations.Instancetype, InstancetypeApi.InstanceAnnotations.ClusterInstancetype);

    public static readonly InstancetypeField Preference = new(
        "preference", "preferenceRef", true, CustomResource.Preferences, CustomResource.ClusterPreferences,
        InstancetypeApi.InstanceAnnotations.Preference, InstancetypeApi.InstanceAnnotations.ClusterPreference);

    public static IReadOnlyList<InstancetypeField> Both { get; } = [Instancetype, Preference];

    public JsonObject? Matcher(JsonObject vm) => vm.Node("spec", SpecField) as JsonObject;

    /// <summary>The resource a matcher's <c>kind</c> names (the cluster-wide one when empty).</summary>
    /// <exception cref="InvalidOperationException">The kind is neither.</exception>
    public CustomResource ResourceOf(JsonObject matcher) => InstancetypeApi.IsClusterKind(matcher.Str("kind"), IsPreference) switch
    {
        true => Cluster,
        false => Namespaced,
        null => throw new InvalidOperationException(
            $"got unexpected kind in {(IsPreference ? "PreferenceMatcher" : "InstancetypeMatcher")}: {matcher.Str("kind")}"),
    };

    /// <summary>The name of the ControllerRevision the VM's status says it uses, if any.</summary>
    public string? RevisionName(JsonObject vm) => vm.Str("status", StatusField, "controllerRevisionRef", "name");
}
