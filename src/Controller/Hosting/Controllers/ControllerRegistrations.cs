namespace Harness.Controller.Hosting;

/// <summary>The controllers <c>harness-controller</c> runs, wherever it is hosted.</summary>
public static class ControllerRegistrations
{
    /// <summary>New registrations of the snapshot and restore controllers.</summary>
    public static IReadOnlyList<IControllerRegistration> SnapshotAndRestore() => [new SnapshotControllerRegistration(), new RestoreControllerRegistration()];
}
