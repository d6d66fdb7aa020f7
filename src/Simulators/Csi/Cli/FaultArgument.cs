using System.Globalization;
using Grpc.Core;
using Harness.Durations;
using Harness.Simulators.Csi.Faults;

namespace Harness.Simulators.Csi.Cli;

/// <summary>
/// One <c>--fault NAME[=VALUE]</c> argument applied to <see cref="CsiFaults"/>:
/// <c>create-snapshot-latency=2s</c> or <c>=1s..5s</c>, <c>create-snapshot-error=CODE[:PROBABILITY]</c>,
/// <c>create-volume-error=CODE[:PROBABILITY]</c>, <c>snapshot-ready-after=DURATION</c>,
/// <c>snapshot-never-ready</c>, <c>snapshot-error-after-ready=DURATION</c>, <c>snapshot-lost-after=DURATION</c>.
/// CODE is a gRPC status code name (Unavailable, Internal, ResourceExhausted, ...).
/// </summary>
internal static class FaultArgument
{
    public static readonly string[] Names =
    [
        "create-snapshot-latency", "create-snapshot-error", "create-volume-error", "snapshot-ready-after",
        "snapshot-never-ready", "snapshot-error-after-ready", "snapshot-lost-after",
    ];

    public static void Apply(string argument, CsiFaults faults)
    {
        var separator = argument.IndexOf('=', StringComparison.Ordinal);
        var name = separator < 0 ? argument : argument[..separator];
        var value = separator < 0 ? null : argument[(separator + 1)..];
        var option = $"--fault {name}";
        switch (name)
        {
            case "create-snapshot-latency":
                var range = Require(value, option).Split("..", 2);
                faults.CreateSnapshotLatencyMin = Delay(range[0], option);
                faults.CreateSnapshotLatencyMax = range.Length == 2 ? Delay(range[1], option) : faults.CreateSnapshotLatencyMin;
                if (faults.CreateSnapshotLatencyMax < faults.CreateSnapshotLatencyMin)
                {
                    throw new FormatException($"{option}: the range {value} ends before it starts");
                }

                break;
            case "create-snapshot-error":
                (faults.CreateSnapshotError, faults.CreateSnapshotErrorProbability) = ParseError(Require(value, option), option);
                break;
            case "create-volume-error":
                (faults.CreateVolumeError, faults.CreateVolumeErrorProbability) = ParseError(Require(value, option), option);
                break;
            case "snapshot-ready-after":
                faults.SnapshotReadyDelay = Delay(Require(value, option), option);
                break;
            case "snapshot-never-ready":
                if (value is not null)
                {
                    throw new FormatException($"{option} takes no value");
                }

                faults.SnapshotNeverReady = true;
                break;
            case "snapshot-error-after-ready":
                faults.SnapshotErrorAfterReady = Delay(Require(value, option), option);
                break;
            case "snapshot-lost-after":
                faults.SnapshotLostAfter = Delay(Require(value, option), option);
                break;
            default:
                throw new FormatException($"--fault: unknown fault '{name}' (known: {string.Join(", ", Names)})");
        }
    }

    private static string Require(string? value, string option) =>
        string.IsNullOrEmpty(value) ? throw new FormatException($"{option} needs a value ({option}=VALUE)") : value;

    /// <summary>A Go duration (<c>500ms</c>, <c>1m30s</c>) of zero or more.</summary>
    private static TimeSpan Delay(string text, string option)
    {
        var delay = GoDuration.Parse(text, option);
        return delay >= TimeSpan.Zero ? delay : throw new FormatException($"{option}: '{text}' is negative (a delay is 0s or more)");
    }

    private static (StatusCode Code, double Probability) ParseError(string value, string option)
    {
        var parts = value.Split(':', 2);
        if (!Enum.TryParse<StatusCode>(parts[0], ignoreCase: true, out var code) || int.TryParse(parts[0], out _) || code == StatusCode.OK)
        {
            throw new FormatException($"{option}: '{parts[0]}' is not a gRPC error code (examples: Unavailable, Internal, ResourceExhausted)");
        }

        var probability = 1.0;
        if (parts.Length == 2
            && (!double.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out probability) || probability is < 0 or > 1))
        {
            throw new FormatException($"{option}: probability '{parts[1]}' is not a number between 0 and 1");
        }

        return (code, probability);
    }
}
