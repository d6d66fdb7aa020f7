using System.Text.Json;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Reporting;

/// <summary>
/// The result of a chaos campaign (or of one shard of it): per invariant how many runs checked and violated it, and
/// every failing run. Reports of shards merge into the report of the whole campaign (<see cref="Merge"/>); the merge
/// does not depend on how the seeds were split.
/// </summary>
public sealed record ChaosReport(string Faults, long Runs, long Steps, IReadOnlyList<InvariantTally> Invariants, IReadOnlyList<FailureRecord> Failures)
{
    public const string FileName = "report.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public bool Passed => Failures.Count == 0;

    /// <param name="timeline">The timeline file written for a failing run, if any.</param>
    public static ChaosReport From(string faults, IReadOnlyList<ScenarioResult> results, Func<ScenarioResult, string?> timeline)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(timeline);
        var tallies = InvariantSet.All
            .Select(i => new InvariantTally(i.Name, i.Description, results.Count, results.Count(r => r.Violations.Any(v => v.Invariant == i.Name))))
            .ToList();
        var failures = results.Where(r => !r.Passed)
            .Select(r => new FailureRecord(
                r.Scenario.Seed,
                r.Scenario.Faults.Name,
                r.TraceHash,
                [.. r.Violations.Select(v => v.Invariant).Distinct()],
                [.. r.Violations.Select(v => v.ToString())],
                r.Scenario.Describe(),
                r.Scenario.ReplayCommand,
                timeline(r)))
            .OrderBy(f => f.Seed)
            .ToList();
        return new ChaosReport(faults, results.Count, results.Sum(r => r.Steps), tallies, failures);
    }

    /// <summary>One report of all of <paramref name="reports"/>: counts added, failures in seed order.</summary>
    /// <exception cref="ArgumentException">No reports, or reports of different fault plans.</exception>
    public static ChaosReport Merge(IReadOnlyList<ChaosReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            throw new ArgumentException("there are no reports to merge", nameof(reports));
        }

        var plans = reports.Select(r => r.Faults).Distinct().ToList();
        if (plans.Count > 1)
        {
            throw new ArgumentException($"the reports ran different fault plans ({string.Join(", ", plans)}); merge reports of one plan", nameof(reports));
        }

        var tallies = reports.SelectMany(r => r.Invariants)
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => new InvariantTally(g.Key, g.First().Description, g.Sum(t => t.Checked), g.Sum(t => t.Violated)))
            .OrderBy(t => Order(t.Name))
            .ToList();
        return new ChaosReport(plans[0], reports.Sum(r => r.Runs), reports.Sum(r => r.Steps), tallies, [.. reports.SelectMany(r => r.Failures).OrderBy(f => f.Seed)]);
    }

    public async Task SaveAsync(string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json), cancellationToken);
    }

    /// <exception cref="FileNotFoundException">The directory has no report.</exception>
    /// <exception cref="JsonException">The report is not one this program wrote.</exception>
    public static async Task<ChaosReport> LoadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{directory} holds no {FileName} (write one with harness chaos --out {directory})", path);
        }

        return JsonSerializer.Deserialize<ChaosReport>(await File.ReadAllTextAsync(path, cancellationToken), Json)
            ?? throw new JsonException($"{path} is empty");
    }

    /// <summary>The same report with its contents compared by value (lists included), as tests compare merged and single reports.</summary>
    public string Canonical() => JsonSerializer.Serialize(this, Json);

    private static int Order(string invariant)
    {
        var index = InvariantSet.All.Select(i => i.Name).ToList().IndexOf(invariant);
        return index < 0 ? int.MaxValue : index;
    }
}
