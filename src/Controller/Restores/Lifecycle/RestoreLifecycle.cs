using Stateless;

namespace Harness.Controller.Restores.Lifecycle;

/// <summary>
/// The lifecycle of a VirtualMachineRestore as a Stateless machine whose state lives in the restore's status (the
/// accessor reads what <see cref="RestoreStates"/> derived from it, the mutator records the state whose conditions
/// the reconcile then writes), so a restarted controller resumes from the API server. Every in-progress state can
/// move to any other, because each pass does one step and says which; Complete and Failed are sticky; a deleted
/// restore only leaves through the removal of its finalizer.
/// </summary>
internal sealed class RestoreLifecycle
{
    private readonly StateMachine<RestoreState, RestoreTrigger> machine;

    public RestoreLifecycle(Func<RestoreState> read, Action<RestoreState> write, Action<StateMachine<RestoreState, RestoreTrigger>.Transition>? onTransitioned = null)
    {
        machine = new StateMachine<RestoreState, RestoreTrigger>(read, write);
        if (onTransitioned is not null)
        {
            machine.OnTransitioned(onTransitioned);
        }

        machine.Configure(RestoreState.New)
            .Permit(RestoreTrigger.Observed, RestoreState.Initialized)
            .Permit(RestoreTrigger.Deleted, RestoreState.Deleting)
            .Permit(RestoreTrigger.Errored, RestoreState.InError)
            .Ignore(RestoreTrigger.TargetNotReady)
            .Ignore(RestoreTrigger.TargetReadinessFailed)
            .Ignore(RestoreTrigger.VolumesPending)
            .Ignore(RestoreTrigger.TargetUpdated)
            .Ignore(RestoreTrigger.Completed);

        machine.Configure(RestoreState.InProgress)
            .Permit(RestoreTrigger.TargetReadinessFailed, RestoreState.Failed)
            .Permit(RestoreTrigger.Completed, RestoreState.Complete)
            .Permit(RestoreTrigger.Deleted, RestoreState.Deleting)
            .Ignore(RestoreTrigger.Observed);

        ConfigureStep(RestoreState.Initialized);
        ConfigureStep(RestoreState.WaitingForTarget);
        ConfigureStep(RestoreState.RestoringVolumes);
        ConfigureStep(RestoreState.UpdatingTarget);
        ConfigureStep(RestoreState.InError);

        machine.Configure(RestoreState.Deleting)
            .PermitReentry(RestoreTrigger.Errored)
            .Ignore(RestoreTrigger.Observed)
            .Ignore(RestoreTrigger.TargetNotReady)
            .Ignore(RestoreTrigger.TargetReadinessFailed)
            .Ignore(RestoreTrigger.VolumesPending)
            .Ignore(RestoreTrigger.TargetUpdated)
            .Ignore(RestoreTrigger.Completed)
            .Ignore(RestoreTrigger.Deleted);

        foreach (var terminal in new[] { RestoreState.Complete, RestoreState.Failed })
        {
            var state = machine.Configure(terminal).Permit(RestoreTrigger.Deleted, RestoreState.Deleting);
            foreach (var trigger in Enum.GetValues<RestoreTrigger>().Where(t => t != RestoreTrigger.Deleted))
            {
                state.Ignore(trigger);
            }
        }
    }

    public RestoreState State => machine.State;

    /// <summary>Neither complete, failed nor deleting: the reconcile still has work to do.</summary>
    public bool IsInProgress => machine.IsInState(RestoreState.InProgress);

    public Task FireAsync(RestoreTrigger trigger) => machine.FireAsync(trigger);

    /// <summary>The machine's graph in Mermaid.</summary>
    public string ToMermaid() => Stateless.Graph.MermaidGraph.Format(machine.GetInfo());

    /// <summary>One in-progress step: each observed fact moves to the step it names, the same one included.</summary>
    private void ConfigureStep(RestoreState step)
    {
        var configuration = machine.Configure(step).SubstateOf(RestoreState.InProgress);
        foreach (var (trigger, target) in new[]
        {
            (RestoreTrigger.TargetNotReady, RestoreState.WaitingForTarget),
            (RestoreTrigger.VolumesPending, RestoreState.RestoringVolumes),
            (RestoreTrigger.TargetUpdated, RestoreState.UpdatingTarget),
            (RestoreTrigger.Errored, RestoreState.InError),
        })
        {
            if (target == step)
            {
                configuration.PermitReentry(trigger);
            }
            else
            {
                configuration.Permit(trigger, target);
            }
        }
    }
}
