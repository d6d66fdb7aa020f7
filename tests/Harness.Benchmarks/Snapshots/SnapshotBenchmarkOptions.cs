using System.Globalization;
using Harness.Controller.Snapshots;

namespace Harness.Benchmarks.Snapshots;

/// <summary>The snapshot and restore benchmarks' options: <c>--workers N</c> (the controllers' workers per queue) and, for <c>snapshot-one</c>, <c>--timeline</c>.</summary>
internal sealed record SnapshotBenchmarkOptions
{
    public int Workers { get; init; } = SnapshotControllerOptions.DefaultWorkers;

    /// <summary>Print the last snapshot's controller requests and cluster events in time order.</summary>
    public bool Timeline { get; init; }

    /// <summary>The options, or null after printing what is wrong with them.</summary>
    public static SnapshotBenchmarkOptions? Parse(string command, IReadOnlyList<string> arguments)
    {
        var options = new SnapshotBenchmarkOptions();
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--workers" when i + 1 < arguments.Count
                    && int.TryParse(arguments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var workers) && workers >= 1:
                    options = options with { Workers = workers };
                    i++;
                    break;
                case "--timeline" when command == "snapshot-one":
                    options = options with { Timeline = true };
                    break;
                default:
                    Console.Error.WriteLine($"{command}: unexpected argument '{arguments[i]}'; it takes --workers N (N >= 1){(command == "snapshot-one" ? " and --timeline" : "")}");
                    return null;
            }
        }

        return options;
    }
}
