using System.Text;
using Harness.Runtime.Randomness;

namespace Harness.Scenarios.Simulation.Tracing;

/// <summary>
/// The replay trace of a deterministic run: every scheduling choice in order, and a 64-bit hash of them.
/// Two runs with the same seed give the same steps and hash; a different interleaving gives a different hash.
/// </summary>
public sealed class ScheduleTrace
{
    private readonly List<TraceStep> _steps = [];
    private Fnv1a64 _hash = new();

    /// <summary>The steps so far, in order.</summary>
    public IReadOnlyList<TraceStep> Steps => _steps;

    /// <summary>How many steps ran.</summary>
    public long StepCount => _steps.Count;

    /// <summary>
    /// FNV-1a over each step's work item, label and virtual time: equal hashes mean the same work ran in
    /// the same order at the same virtual times.
    /// </summary>
    public ulong Hash => _hash.Value;

    /// <summary>The hash as <c>0x</c> and sixteen hex digits.</summary>
    public string HashText => "0x" + Hash.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The trace as text, one step per line; <paramref name="last"/> keeps only the final steps.</summary>
    public string Format(int? last = null)
    {
        var builder = new StringBuilder();
        var start = last is { } count ? Math.Max(0, _steps.Count - count) : 0;
        for (var i = start; i < _steps.Count; i++)
        {
            builder.Append(_steps[i].ToString()).Append('\n');
        }

        return builder.ToString();
    }

    internal void Record(TraceStep step)
    {
        _steps.Add(step);
        _hash.Append(step.WorkItem);
        _hash.Append(step.Label);
        _hash.Append(step.VirtualTime.Ticks);
    }
}
