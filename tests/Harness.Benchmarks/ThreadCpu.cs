using System.Collections.Concurrent;
using System.Globalization;

namespace Harness.Benchmarks;

/// <summary>
/// The CPU time of the threads that ran the scenarios, each read (<c>/proc/thread-self/stat</c>) on that thread after each
/// of its runs: what the code under test used, including the tier-0 compiles and the garbage collections those threads
/// did themselves. The rest of a pass's process CPU is the runtime's background work: the tiered JIT compiler's thread
/// (which ends when idle, so it cannot be read afterwards) and background collections.
/// </summary>
internal sealed class ThreadCpu
{
    private const double TicksPerSecond = 100;
    private readonly ConcurrentDictionary<int, double> latest = new();

    /// <summary>Seconds the run threads used so far.</summary>
    public double Seconds => latest.Values.Sum();

    /// <summary>Call on a run thread after each of its runs.</summary>
    public void Record() => latest[Environment.CurrentManagedThreadId] = ThisThread();

    private static double ThisThread()
    {
        // pid (comm) state ... utime stime: the name may hold spaces, so fields count from its closing parenthesis.
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
