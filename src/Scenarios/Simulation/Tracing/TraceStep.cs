namespace Harness.Scenarios.Simulation.Tracing;

/// <summary>One step the scheduler chose.</summary>
/// <param name="Number">The step's position in the run, from 1.</param>
/// <param name="WorkItem">The identity of the chosen work item: its position in the order in which work was queued, from 1.</param>
/// <param name="Label">What ran: a scheduling point's label, the async method that resumed, or a timer.</param>
/// <param name="Runnable">How many work items were runnable when this one was chosen.</param>
/// <param name="VirtualTime">Virtual time elapsed since the start of the run.</param>
public readonly record struct TraceStep(long Number, long WorkItem, string Label, int Runnable, TimeSpan VirtualTime)
{
    /// <summary>The step as one trace line, e.g. <c>    12  +00:10:00.000  #57 of 3  ApiServer.WatchAsync</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Number,6}  +{VirtualTime:hh\\:mm\\:ss\\.fff}  #{WorkItem} of {Runnable}  {Label}");
}
