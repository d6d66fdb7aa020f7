namespace Harness.Scenarios.Cluster.Events;

/// <summary>The observable facts the invariants are stated over.</summary>
public enum DomainEventKind
{
    /// <summary>A guest's filesystems froze (its writes in flight drained); <see cref="DomainEvent.Detail"/> holds its journal position.</summary>
    GuestFrozen,

    /// <summary>A guest's filesystems thawed.</summary>
    GuestThawed,

    /// <summary>virt-launcher froze a guest on a freeze request; <see cref="DomainEvent.Detail"/> says whether it armed its safety thaw (<see cref="FreezeAnswerEvents"/>).</summary>
    FreezeSucceeded,

    /// <summary>
    /// virt-launcher failed a freeze request (the agent failed, did not answer in time, or is not connected); <see cref="DomainEvent.Detail"/>
    /// holds the error and whether an earlier freeze's safety thaw is still armed (<see cref="FreezeAnswerEvents"/>).
    /// </summary>
    FreezeFailed,

    /// <summary>KubeVirt failed an unfreeze request (virt-launcher, or virt-api before it: seed 744); <see cref="DomainEvent.Detail"/> holds the error.</summary>
    UnfreezeFailed,

    /// <summary>A guest booted with its VMI.</summary>
    GuestStarted,

    /// <summary>A guest stopped with its VMI; a frozen guest that stops is no longer frozen.</summary>
    GuestStopped,

    /// <summary>A CSI driver cut a snapshot of a volume; <see cref="DomainEvent.Detail"/> holds the source volume and, when a guest writes to it, the guest's journal position.</summary>
    SnapshotCut,

    /// <summary>A VolumeSnapshot got <c>status.creationTime</c>.</summary>
    VolumeSnapshotCreated,

    /// <summary>A VolumeSnapshot became <c>readyToUse</c>.</summary>
    VolumeSnapshotReady,

    /// <summary>A VirtualMachineSnapshot or VirtualMachineRestore changed phase (restores: <c>complete</c>).</summary>
    PhaseChanged,

    /// <summary>A condition of a VirtualMachineSnapshot or VirtualMachineRestore changed status or reason.</summary>
    ConditionChanged,

    /// <summary>An object the invariants follow was created; for a content, <see cref="DomainEvent.Detail"/> names its snapshot.</summary>
    ObjectCreated,

    /// <summary>An object the invariants follow was deleted.</summary>
    ObjectDeleted,

    ComponentStarted,

    ComponentStopped,

    /// <summary>A component died: its in-memory state is lost, its watches and connections dropped, its work in flight abandoned.</summary>
    ComponentCrashed,

    /// <summary>A fault of the plan took effect.</summary>
    FaultInjected,

    /// <summary>A controller reconciled an object; <see cref="DomainEvent.Detail"/> says its reconciler and the outcome.</summary>
    Reconciled,

    /// <summary>A controller wrote to the API server; <see cref="DomainEvent.Detail"/> holds the answer (and its message when refused).</summary>
    ObjectWritten,

    /// <summary>A scenario applied one of its operations; <see cref="DomainEvent.Detail"/> says what it did and how the API server answered.</summary>
    OperationApplied,
}
