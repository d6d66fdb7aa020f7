using System.CommandLine;

namespace Harness.Scenarios.Cli;

/// <summary>The <c>harness</c> command line: <c>up</c> (later issues add their commands here).</summary>
public static class HarnessCommandLine
{
    /// <summary>Builds the root command; <paramref name="upComponents"/> run beside the API server under <c>harness up</c>.</summary>
    public static RootCommand Create(IReadOnlyList<UpComponentFactory> upComponents)
    {
        ArgumentNullException.ThrowIfNull(upComponents);
        return new RootCommand("Harness: a simulation and test harness for the KubeVirt VM snapshot/restore API")
        {
            UpCommand.Create(upComponents),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code (non-zero on bad arguments).</summary>
    public static Task<int> RunAsync(
        string[] args, IReadOnlyList<UpComponentFactory> upComponents, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration
        {
            ProcessTerminationTimeout = null,
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        return Create(upComponents).Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
