namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>The time a condition records: to the whole second, in UTC, as Kubernetes writes condition times.</summary>
internal static class ConditionTime
{
    public static DateTime Of(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
