using System.CommandLine;
using System.Text.Json;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Cli;

/// <summary>
/// <c>harness replay SEED [--faults PLAN] [--trace]</c> or <c>harness replay --case FILE</c> (a shrunk case, as a failing
/// property saves it): runs one scenario again and prints its case, its event log, its
/// trace hash and what it violated (with <c>--trace</c>, every scheduler step too). Two replays print the same text.
/// Exits 0 when nothing was violated.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(ScenarioRunnerOptions runner)
    {
        var seed = new Argument<ulong?>("SEED") { Description = "The seed to run (decimal, or 0x and hex digits)", Arity = ArgumentArity.ZeroOrOne, CustomParser = r => CliValues.Seed(r, "SEED") };
        var file = new Option<FileInfo>("--case") { Description = "Run the scenario saved in this file instead of a seed's", HelpName = "FILE" };
        file.AcceptExistingOnly();
        var faults = new Option<FaultPlan>("--faults") { Description = "The fault plan the seed ran with", HelpName = "PLAN", DefaultValueFactory = _ => FaultPlans.Default, CustomParser = CliValues.Plan };
        var trace = new Option<bool>("--trace") { Description = "Print every scheduler step of the run" };
        var command = new Command("replay", "Run one chaos seed (or saved case) again and print what happened") { seed, faults, file, trace };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(seed) is { Tokens.Count: > 0 }) == (result.GetResult(file) is not null))
            {
                result.AddError("give a SEED or --case FILE (one of them)");
            }
        });
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            Scenario scenario;
            try
            {
                scenario = parse.GetValue(file) is { } saved
                    ? ScenarioFile.Deserialize(File.ReadAllText(saved.FullName))
                    : Scenario.Generate(parse.GetValue(seed)!.Value, parse.GetValue(faults)!);
            }
            catch (JsonException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"harness replay: {parse.GetValue(file)?.FullName} is not a saved case: {e.Message}");
                return 2;
            }

            var result = new ScenarioRunner(runner with { KeepTrace = parse.GetValue(trace) }).Run(scenario);
            output.Write(scenario.Describe());
            foreach (var e in result.Events)
            {
                output.WriteLine(e);
            }

            if (result.Trace is { } steps)
            {
                output.WriteLine(steps);
            }

            output.WriteLine($"trace {result.TraceHash}, {result.Steps} steps, {result.VirtualTime} virtual");
            foreach (var violation in result.Violations)
            {
                output.WriteLine("violated " + violation);
            }

            output.WriteLine(result.Passed ? "no invariant violated" : $"{result.Violations.Count} violation(s)");
            return result.Passed ? 0 : 1;
        });
        return command;
    }
}
