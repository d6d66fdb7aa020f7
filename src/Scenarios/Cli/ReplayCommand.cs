using System.CommandLine;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Cli;

/// <summary>
/// <c>harness replay SEED [--faults PLAN] [--trace]</c>: runs one seed again and prints its case, its event log, its
/// trace hash and what it violated (with <c>--trace</c>, every scheduler step too). Two replays print the same text.
/// Exits 0 when nothing was violated.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(ScenarioRunnerOptions runner)
    {
        var seed = new Argument<ulong>("SEED") { Description = "The seed to run (decimal, or 0x and hex digits)", CustomParser = r => CliValues.Seed(r, "SEED") };
        var faults = new Option<FaultPlan>("--faults") { Description = "The fault plan the seed ran with", HelpName = "PLAN", DefaultValueFactory = _ => FaultPlans.Default, CustomParser = CliValues.Plan };
        var trace = new Option<bool>("--trace") { Description = "Print every scheduler step of the run" };
        var command = new Command("replay", "Run one chaos seed again and print what happened") { seed, faults, trace };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var scenario = Scenario.Generate(parse.GetValue(seed), parse.GetValue(faults)!);
            var result = new ScenarioRunner(new ScenarioRunnerOptions
            {
                Controller = runner.Controller,
                MaxSteps = runner.MaxSteps,
                SettleBudget = runner.SettleBudget,
                KeepTrace = parse.GetValue(trace),
            }).Run(scenario);
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
