using System.Globalization;

namespace Harness.EnvTest.Tables;

/// <summary>An age as kubectl shows it (<c>45s</c>, <c>2m30s</c>, <c>3h10m</c>, <c>4d2h</c>, <c>1y20d</c>): apimachinery's human duration rules.</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan age)
    {
        var seconds = (long)age.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return Text($"{seconds}s");
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? Text($"{minutes}m") : Text($"{minutes}m{seconds % 60}s");
        }

        if (minutes < 180)
        {
            return Text($"{minutes}m");
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? Text($"{hours}h") : Text($"{hours}h{minutes % 60}m");
        }

        if (hours < 48)
        {
            return Text($"{hours}h");
        }

        var days = hours / 24;
        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? Text($"{days}d") : Text($"{days}d{hours % 24}h");
        }

        if (days < 365 * 2)
        {
            return Text($"{days}d");
        }

        if (days < 365 * 8)
        {
            return days % 365 == 0 ? Text($"{days / 365}y") : Text($"{days / 365}y{days % 365}d");
        }

        return Text($"{days / 365}y");
    }

    private static string Text(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
