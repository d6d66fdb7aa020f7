using System.Collections.Concurrent;
using System.Diagnostics;

namespace Harness.Benchmarks;

/// <summary>When each of a benchmark's objects (by name) was first seen done, as a <see cref="Stopwatch"/> timestamp.</summary>
internal sealed class Completions
{
    private readonly ConcurrentDictionary<string, long> done = new(StringComparer.Ordinal);

    public int Count => done.Count;

    /// <summary>Records <paramref name="name"/> as done now, unless it already was.</summary>
    public void Record(string name) => done.TryAdd(name, Stopwatch.GetTimestamp());

    /// <summary>Waits until <paramref name="count"/> objects are done; returns the timestamp of the last.</summary>
    public async Task<long> WaitAsync(int count, TimeSpan within, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (done.Count < count)
        {
            if (Stopwatch.GetElapsedTime(started) > within)
            {
                throw new TimeoutException($"{done.Count} of {count} {what} within {within}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2));
        }

        return done.Values.Max();
    }
}
