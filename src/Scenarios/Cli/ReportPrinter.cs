using Harness.Scenarios.Reporting;
using Spectre.Console;

namespace Harness.Scenarios.Cli;

/// <summary>Prints a <see cref="ChaosReport"/>: a table per invariant, then every failing seed with its replay command and timeline.</summary>
internal static class ReportPrinter
{
    public static void Print(IAnsiConsole console, ChaosReport report, string? directory)
    {
        var table = new Table().AddColumns("invariant", "checked", "violated", "what it says");
        foreach (var tally in report.Invariants)
        {
            table.AddRow(
                new Text(tally.Name),
                new Text(tally.Checked.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Markup(tally.Violated == 0 ? "0" : $"[red]{tally.Violated}[/]"),
                new Text(tally.Description));
        }

        console.Write(table);
        foreach (var failure in report.Failures)
        {
            console.MarkupLineInterpolated($"[red]seed {failure.Seed}[/] violated {string.Join(", ", failure.Invariants)} (trace {failure.TraceHash})");
            foreach (var violation in failure.Violations)
            {
                console.WriteLine("  " + violation);
            }

            console.WriteLine("  case:");
            foreach (var line in failure.Case.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                console.WriteLine("    " + line);
            }

            console.WriteLine("  replay: " + failure.Replay);
            if (failure.Timeline is { } timeline)
            {
                console.WriteLine("  timeline: " + (directory is null ? timeline : Path.Combine(directory, timeline)));
            }
        }

        console.MarkupLine(report.Passed
            ? $"[green]{report.Runs} runs, no invariant violated[/]"
            : $"[red]{report.Failures.Count} of {report.Runs} runs violated an invariant[/]");
    }
}
