namespace Harness.Benchmarks;

/// <summary>Prints one measured figure against its target.</summary>
internal static class Report
{
    public static void Line(string name, double value, string unit, string target, bool met) =>
        Console.WriteLine($"{name,-44} {value,12:N1} {unit,-8} target {target,-12} {(met ? "met" : "MISSED")}");

    public static void Note(string text) => Console.WriteLine("    " + text);

    /// <summary>The process's CPU time so far: on a shared machine, work per CPU-second is the figure that load does not distort.</summary>
    public static TimeSpan CpuTime()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static void Throughput(long writes, TimeSpan wall, TimeSpan cpu) =>
        Note(FormattableString.Invariant($"{writes:N0} writes in {wall.TotalSeconds:0.0} s wall, {cpu.TotalSeconds:0.0} s CPU: {writes / cpu.TotalSeconds:N0} writes per CPU-second; load average {LoadAverage()}"));

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

}
