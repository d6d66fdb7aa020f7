using System.Diagnostics;
using System.Globalization;
using Harness.EnvTest.Environment;

namespace Harness.Benchmarks;

/// <summary>
/// Embedded server from nothing to <c>/readyz</c> = ok with every harness CRD installed and Established.
/// A first start is only honest in a fresh process (JIT, type loading, the TLS trust store): each is measured
/// in a child process of its own (this program re-executed with <see cref="ChildCommand"/>); then warm starts in this process.
/// </summary>
internal static class ColdStartBenchmark
{
    /// <summary>The hidden command a child process runs: one start, one result line on stdout.</summary>
    public const string ChildCommand = "coldstart-child";

    private const int FreshProcesses = 7;
    private const int WarmStarts = 10;

    public static async Task RunAsync()
    {
        var starts = new List<double>();
        var cpu = new List<double>();
        var launches = new List<double>();
        for (var i = 0; i < FreshProcesses; i++)
        {
            var (start, startCpu, launch) = await RunChildAsync();
            starts.Add(start);
            cpu.Add(startCpu);
            launches.Add(launch);
        }

        var warm = new List<double>();
        for (var i = 0; i < WarmStarts; i++)
        {
            warm.Add((await StartOnceAsync()).Wall);
        }

        var firstMedian = Median(starts);
        Report.Line($"cold start, fresh process (median of {FreshProcesses})", firstMedian, "ms", "< 300 ms", firstMedian < 300);
        Report.Note(FormattableString.Invariant(
            $"StartAsync to /readyz: min {starts.Min():N0} ms, median {firstMedian:N0} ms, max {starts.Max():N0} ms; CPU median {Median(cpu):N0} ms"));
        Report.Note(FormattableString.Invariant(
            $"process launch to /readyz (runtime start included): min {launches.Min():N0} ms, median {Median(launches):N0} ms"));
        var warmMedian = Median(warm);
        Report.Line($"cold start, warm process (median of {WarmStarts})", warmMedian, "ms", "< 300 ms", warmMedian < 300);
        Report.Note($"load average {Report.LoadAverage()}");
    }

    /// <summary>The child's side: one start in this fresh process, printed as "wall cpu" milliseconds.</summary>
    public static async Task RunChildProcessAsync()
    {
        var (wall, cpu) = await StartOnceAsync();
        Console.WriteLine(FormattableString.Invariant($"{wall:0.###} {cpu:0.###}"));
    }

    private static async Task<(double Start, double Cpu, double Launch)> RunChildAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("no process path"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ColdStartBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add(ChildCommand);
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start) ?? throw new InvalidOperationException("the child process did not start");
        var line = await child.StandardOutput.ReadLineAsync();
        var launch = clock.Elapsed.TotalMilliseconds;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0 || line?.Split(' ') is not [var wall, var cpu])
        {
            throw new InvalidOperationException($"the child process exited with {child.ExitCode} after printing '{line}'");
        }

        return (double.Parse(wall, CultureInfo.InvariantCulture), double.Parse(cpu, CultureInfo.InvariantCulture), launch);
    }

    private static async Task<(double Wall, double Cpu)> StartOnceAsync()
    {
        var cpu = Report.CpuTime();
        var clock = Stopwatch.StartNew();
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            Backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { Random = new Random(1) }),
        });
        await environment.StartAsync();
        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(environment.Configuration.Host.TrimEnd('/') + "/readyz"));
        probe.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", environment.Configuration.AccessToken);
        using var response = await ((k8s.Kubernetes)environment.Client).HttpClient.SendAsync(probe);
        var ready = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var used = (Report.CpuTime() - cpu).TotalMilliseconds;
        if (ready != "ok")
        {
            throw new InvalidOperationException($"/readyz answered '{ready}'");
        }

        return (elapsed, used);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
