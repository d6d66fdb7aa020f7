namespace Harness.Controller.Restores.Lifecycle;

/// <summary>Where a VirtualMachineRestore is, as its status says (a restore has no phase: its conditions and <c>complete</c> tell).</summary>
internal enum RestoreState
{
    /// <summary>No status yet.</summary>
    New,

    /// <summary>Superstate of every state that is neither complete, failed nor deleting.</summary>
    InProgress,

    /// <summary>Status initialised (<c>Initializing VirtualMachineRestore</c>).</summary>
    Initialized,

    /// <summary>The target VM still has a VMI; the readiness policy waits or stops it.</summary>
    WaitingForTarget,

    /// <summary>Restored claims being created, replaced or bound (<c>Creating new PVCs</c>).</summary>
    RestoringVolumes,

    /// <summary>DataVolumes and the target VM being written (<c>Updating target spec</c>).</summary>
    UpdatingTarget,

    /// <summary>The last pass failed; the error is the conditions' reason and the key backs off.</summary>
    InError,

    /// <summary><c>complete</c> is true (terminal).</summary>
    Complete,

    /// <summary>The <c>Failure</c> condition is set: the target never became ready (terminal).</summary>
    Failed,

    /// <summary>Deleted while it still holds its finalizer (<c>VM restore is deleting</c>).</summary>
    Deleting,
}
