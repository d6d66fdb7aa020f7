using System.Globalization;
using System.Text.Json.Nodes;
using Harness.EnvTest.Loading;

namespace Harness.Scenarios.Reproducing;

/// <summary>
/// When a dump was taken, as far as its objects tell: the latest creation, deletion, write (managedFields) or condition
/// time they hold, so that the reproduction's clock goes on from there and deadlines fall where they would have.
/// </summary>
public static class DumpClock
{
    /// <summary>The second after the latest time in <paramref name="dump"/>; null when it holds none.</summary>
    public static DateTimeOffset? After(IEnumerable<SourcedObject> dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        DateTimeOffset? latest = null;
        foreach (var sourced in dump)
        {
            foreach (var time in Times(sourced.Object))
            {
                latest = latest is null || time > latest ? time : latest;
            }
        }

        return latest is { } at ? new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1) : null;
    }

    private static IEnumerable<DateTimeOffset> Times(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        var candidates = new List<JsonNode?> { metadata?["creationTimestamp"], metadata?["deletionTimestamp"] };
        candidates.AddRange((metadata?["managedFields"] as JsonArray ?? []).Select(entry => entry?["time"]));
        candidates.AddRange((obj["status"]?["conditions"] as JsonArray ?? []).SelectMany(c => new[] { c?["lastTransitionTime"], c?["lastProbeTime"] }));
        foreach (var candidate in candidates)
        {
            if (candidate is JsonValue value && value.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                yield return time;
            }
        }
    }
}
