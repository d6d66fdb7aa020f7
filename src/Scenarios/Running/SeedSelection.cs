using System.Globalization;

namespace Harness.Scenarios.Running;

/// <summary>
/// Which seeds a chaos run takes: <c>--seeds N</c> is seeds 1..N, <c>--seed S</c> is S alone; <c>--shard K/N</c> keeps
/// every N-th seed starting at the K-th, so N shards partition the range exactly.
/// </summary>
public sealed record SeedSelection(ulong First, ulong Count, int Shard, int Shards)
{
    /// <exception cref="FormatException">The text is not <c>K/N</c> with 1 &lt;= K &lt;= N.</exception>
    public static (int Shard, int Shards) ParseShard(string text)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shards)
            && shards >= 1 && shard >= 1 && shard <= shards)
        {
            return (shard, shards);
        }

        throw new FormatException($"--shard must be K/N with 1 <= K <= N (e.g. 3/8), not '{text}'");
    }

    public IEnumerable<ulong> Seeds()
    {
        for (var i = (ulong)(Shard - 1); i < Count; i += (ulong)Shards)
        {
            yield return First + i;
        }
    }
}
