using System.Globalization;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>The time a condition records: to the whole second, in UTC, as Kubernetes writes condition times.</summary>
internal static class ConditionTime
{
    public static DateTime Of(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    /// <summary>The time as RFC 3339 text, such as <c>2024-05-02T10:03:12Z</c>.</summary>
    public static string Text(DateTimeOffset time) => Of(time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
