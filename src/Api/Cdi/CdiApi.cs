namespace Harness.Api.Cdi;

/// <summary>Names of the <c>cdi.kubevirt.io/v1beta1</c> API (Containerized Data Importer).</summary>
public static class CdiApi
{
    public const string Group = "cdi.kubevirt.io";
    public const string Version = "v1beta1";
    public const string ApiVersion = Group + "/" + Version;
    public const string DataVolumeKind = "DataVolume";
    public const string StorageProfileKind = "StorageProfile";
    public const string DataVolumePlural = "datavolumes";
    public const string StorageProfilePlural = "storageprofiles";

    /// <summary>On a claim: the DataVolume (by name) that should adopt it instead of populating a new one.</summary>
    public const string PopulatedForAnnotation = "cdi.kubevirt.io/storage.populatedFor";

    /// <summary>On a DataVolume: its claim is already populated, CDI must not import into it.</summary>
    public const string PrePopulatedAnnotation = "cdi.kubevirt.io/storage.prePopulated";

    /// <summary>The values of <c>dv.status.phase</c>.</summary>
    public static class Phases
    {
        public const string Pending = "Pending";
        public const string PvcBound = "PVCBound";
        public const string ImportScheduled = "ImportScheduled";
        public const string ImportInProgress = "ImportInProgress";
        public const string CloneScheduled = "CloneScheduled";
        public const string CloneInProgress = "CloneInProgress";
        public const string SnapshotForSmartCloneInProgress = "SnapshotForSmartCloneInProgress";
        public const string WaitForFirstConsumer = "WaitForFirstConsumer";
        public const string PendingPopulation = "PendingPopulation";
        public const string Succeeded = "Succeeded";
        public const string Failed = "Failed";
        public const string Unknown = "Unknown";
    }

    /// <summary>The condition types of a DataVolume.</summary>
    public static class Conditions
    {
        public const string Ready = "Ready";
        public const string Bound = "Bound";
        public const string Running = "Running";
    }
}
