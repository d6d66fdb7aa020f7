using System.CommandLine;
using System.Text.Json;
using Harness.Scenarios.Reporting;

namespace Harness.Scenarios.Cli;

/// <summary><c>harness report DIR...</c>: merges the reports of chaos shards into one table and list of failures; exits 0 only when none failed.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var directories = new Argument<string[]>("DIR") { Description = "Directories written by harness chaos --out", Arity = ArgumentArity.OneOrMore };
        var command = new Command("report", "Merge the reports of chaos shards") { directories };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reports = new List<ChaosReport>();
            try
            {
                foreach (var directory in parse.GetValue(directories)!)
                {
                    reports.Add(await ChaosReport.LoadAsync(directory, cancellationToken));
                }

                var merged = ChaosReport.Merge(reports);
                ReportPrinter.Print(ChaosCommand.ConsoleFor(parse.InvocationConfiguration.Output), merged, directory: null);
                return merged.Passed ? 0 : 1;
            }
            catch (Exception e) when (e is FileNotFoundException or JsonException or ArgumentException or IOException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"harness report: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
