using System.CommandLine;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Cli;

/// <summary>The <c>harness</c> command line: <c>chaos</c>, <c>replay</c>, <c>report</c>, <c>reproduce</c> and <c>up</c>.</summary>
public static class HarnessCommandLine
{
    /// <summary>Builds the root command; <paramref name="upComponents"/> run beside the API server under <c>harness up</c>.</summary>
    /// <param name="scenarios">How <c>chaos</c> and <c>replay</c> run scenarios (the controller they run).</param>
    public static RootCommand Create(IReadOnlyList<UpComponentFactory> upComponents, ScenarioRunnerOptions? scenarios = null)
    {
        ArgumentNullException.ThrowIfNull(upComponents);
        scenarios ??= new ScenarioRunnerOptions();
        return new RootCommand("Harness: a simulation and test harness for the KubeVirt VM snapshot/restore API")
        {
            ChaosCommand.Create(scenarios),
            ReplayCommand.Create(scenarios),
            ReportCommand.Create(),
            ReproduceCommand.Create(),
            UpCommand.Create(upComponents),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code (non-zero on bad arguments).</summary>
    public static Task<int> RunAsync(
        string[] args,
        IReadOnlyList<UpComponentFactory> upComponents,
        TextWriter? output = null,
        TextWriter? error = null,
        CancellationToken cancellationToken = default,
        ScenarioRunnerOptions? scenarios = null)
    {
        var configuration = new InvocationConfiguration
        {
            ProcessTerminationTimeout = null,
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        return Create(upComponents, scenarios).Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
