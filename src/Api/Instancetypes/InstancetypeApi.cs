namespace Harness.Api.Instancetypes;

/// <summary>
/// The <c>instancetype.kubevirt.io</c> API (v1beta1): instance types (CPU and memory) and preferences (how the
/// guest prefers its hardware), namespaced and cluster-wide, and the names virt-controller gives the
/// ControllerRevisions in which it keeps the copy a VM uses.
/// </summary>
public static class InstancetypeApi
{
    public const string Group = "instancetype.kubevirt.io";
    public const string Version = "v1beta1";
    public const string ApiVersion = Group + "/" + Version;

    public const string InstancetypeKind = "VirtualMachineInstancetype";
    public const string ClusterInstancetypeKind = "VirtualMachineClusterInstancetype";
    public const string PreferenceKind = "VirtualMachinePreference";
    public const string ClusterPreferenceKind = "VirtualMachineClusterPreference";

    public const string InstancetypePlural = "virtualmachineinstancetypes";
    public const string ClusterInstancetypePlural = "virtualmachineclusterinstancetypes";
    public const string PreferencePlural = "virtualmachinepreferences";
    public const string ClusterPreferencePlural = "virtualmachineclusterpreferences";

    /// <summary>Labels of a ControllerRevision holding an instance type or preference: what it is a copy of.</summary>
    public static class RevisionLabels
    {
        public const string ObjectName = Group + "/object-name";
        public const string ObjectKind = Group + "/object-kind";
        public const string ObjectUid = Group + "/object-uid";
        public const string ObjectVersion = Group + "/object-version";
        public const string ObjectGeneration = Group + "/object-generation";
    }

    /// <summary>Annotations virt-controller puts on a VMI started with an instance type or preference, naming it.</summary>
    public static class InstanceAnnotations
    {
        public const string Instancetype = "kubevirt.io/instancetype-name";
        public const string ClusterInstancetype = "kubevirt.io/cluster-instancetype-name";
        public const string Preference = "kubevirt.io/preference-name";
        public const string ClusterPreference = "kubevirt.io/cluster-preference-name";
    }

    /// <summary>The values of a preference's <c>cpu.preferredCPUTopology</c> (the <c>prefer...</c> ones are deprecated spellings).</summary>
    public static class CpuTopologies
    {
        public const string Sockets = "sockets";
        public const string Cores = "cores";
        public const string Threads = "threads";
        public const string Spread = "spread";
        public const string Any = "any";
    }

    /// <summary>The values of <c>cpu.spreadOptions.across</c>.</summary>
    public static class SpreadAcross
    {
        public const string SocketsCores = "SocketsCores";
        public const string CoresThreads = "CoresThreads";
        public const string SocketsCoresThreads = "SocketsCoresThreads";
    }

    /// <summary>The <c>vCPUs per core</c> (or per socket) a spread topology uses without <c>spreadOptions.ratio</c>.</summary>
    public const uint DefaultSpreadRatio = 2;

    /// <summary>
    /// Whether a matcher's <c>kind</c> names the cluster-wide resource (true), the namespaced one (false) or neither
    /// (null). An empty kind means the cluster-wide one, as KubeVirt defaults it; kinds are compared
    /// case-insensitively, singular or plural.
    /// </summary>
    public static bool? IsClusterKind(string? kind, bool preference)
    {
        var lower = (kind ?? "").ToLowerInvariant();
        var (namespaced, cluster) = preference
            ? (PreferenceKind.ToLowerInvariant(), ClusterPreferenceKind.ToLowerInvariant())
            : (InstancetypeKind.ToLowerInvariant(), ClusterInstancetypeKind.ToLowerInvariant());
        if (lower.Length == 0 || lower == cluster || lower == cluster + "s")
        {
            return true;
        }

        return lower == namespaced || lower == namespaced + "s" ? false : null;
    }
}
