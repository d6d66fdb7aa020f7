using System.CommandLine.Parsing;
using System.Globalization;
using Harness.Scenarios.Faults;
using Harness.Runtime.Randomness;

namespace Harness.Scenarios.Cli;

/// <summary>Parsers of the chaos commands' values; a bad value is an error that says what is wrong.</summary>
internal static class CliValues
{
    public static int PositiveInt(ArgumentResult result, string option)
    {
        var text = Text(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
        {
            return value;
        }

        result.AddError($"{option} must be a whole number of at least 1, not '{text}'");
        return 1;
    }

    public static ulong Seed(ArgumentResult result, string what)
    {
        var text = Text(result);
        if (SimulationSeed.TryParse(text, out var seed))
        {
            return seed.Value;
        }

        result.AddError($"{what} must be a seed (a decimal number, or 0x and up to 16 hex digits), not '{text}'");
        return 0;
    }

    public static FaultPlan Plan(ArgumentResult result)
    {
        try
        {
            return FaultPlans.Parse(Text(result));
        }
        catch (ArgumentException e)
        {
            result.AddError($"--faults: {e.Message.Split(" (Parameter", 2)[0]}");
            return FaultPlans.Default;
        }
    }

    public static (int Shard, int Shards) Shard(ArgumentResult result)
    {
        try
        {
            return Running.SeedSelection.ParseShard(Text(result));
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return (1, 1);
        }
    }

    /// <summary>A positive Go duration (<c>90s</c>, <c>5m</c>, <c>1h30m</c>).</summary>
    public static TimeSpan Duration(ArgumentResult result, string option)
    {
        var text = Text(result);
        if (Durations.GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        result.AddError($"{option} must be a positive duration such as 90s, 5m or 1h30m, not '{text}'");
        return TimeSpan.FromMinutes(1);
    }

    /// <summary>The value of the option's text among <paramref name="choices"/> (the first is the default); anything else is an error naming them.</summary>
    public static T Choice<T>(ArgumentResult result, string option, params (string Name, T Value)[] choices)
    {
        var text = Text(result);
        foreach (var (name, value) in choices)
        {
            if (name == text)
            {
                return value;
            }
        }

        string[] names = [.. choices.Select(choice => choice.Name)];
        result.AddError($"{option} must be {string.Join(", ", names[..^1])} or {names[^1]}, not '{text}'");
        return choices[0].Value;
    }

    public static string Text(ArgumentResult result) => string.Join(' ', result.Tokens.Select(token => token.Value));
}
