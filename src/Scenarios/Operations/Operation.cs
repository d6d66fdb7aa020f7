using System.Text.Json.Serialization;

namespace Harness.Scenarios.Operations;

/// <summary>One step of a scenario's schedule, applied <see cref="At"/> after the world is built.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(CreateSnapshot), "create-snapshot")]
[JsonDerivedType(typeof(DeleteSnapshot), "delete-snapshot")]
[JsonDerivedType(typeof(CreateRestore), "create-restore")]
[JsonDerivedType(typeof(DeleteRestore), "delete-restore")]
[JsonDerivedType(typeof(SetRunning), "set-running")]
[JsonDerivedType(typeof(DeleteVolumeSnapshots), "delete-volumesnapshots")]
[JsonDerivedType(typeof(CrashComponent), "crash")]
[JsonDerivedType(typeof(StartComponent), "start")]
[JsonDerivedType(typeof(SetStorageFault), "storage-fault")]
public abstract record Operation(TimeSpan At)
{
    /// <summary>The object or component it acts on, as the event log names it.</summary>
    public abstract string Subject { get; }

    /// <summary>What it does, in a few words (<c>create vmsnapshot default/snap-1 of vm-a deadline 30s</c>).</summary>
    public abstract string Describe();

    /// <summary>Applies it; an API answer that refuses it is an outcome (recorded), not a failure of the run.</summary>
    /// <returns>What happened, for the event log.</returns>
    public abstract Task<string> ApplyAsync(OperationContext context);

    public sealed override string ToString() => $"+{At:mm\\:ss} {Describe()}";
}
