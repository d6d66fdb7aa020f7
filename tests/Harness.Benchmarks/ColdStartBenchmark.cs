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

    private const int FreshProcesses = 15;
    private const int WarmStarts = 10;

    /// <summary>
    /// With <paramref name="readyToRun"/>, the fresh processes alternate between this build (in Release, Harness.EnvTest
    /// is ReadyToRun-compiled and the rest JIT-compiled) and a ReadyToRun publish of it, every assembly precompiled
    /// (published into <c>bin/ReadyToRun</c> when missing or older than this build), reported side by side.
    /// </summary>
    public static async Task RunAsync(bool readyToRun)
    {
        var readyToRunApp = readyToRun ? await PublishReadyToRunAsync() : null;
        var load = Report.LoadAverage();
        var built = new List<(double Start, double Cpu, double Launch)>();
        var precompiled = new List<(double Start, double Cpu, double Launch)>();
        for (var i = 0; i < FreshProcesses; i++)
        {
            built.Add(await RunChildAsync(ThisProgram.StartInfo()));
            if (readyToRunApp is not null)
            {
                precompiled.Add(await RunChildAsync(new ProcessStartInfo(readyToRunApp)));
            }
        }

        var warm = new List<double>();
        for (var i = 0; i < WarmStarts; i++)
        {
            warm.Add((await StartOnceAsync()).Wall);
        }

        var firstMedian = Measures.Median(built.Select(run => run.Start));
        Report.Line($"cold start, fresh process (median of {FreshProcesses})", firstMedian, "ms", "< 300 ms", firstMedian < 300);
        Describe("build", built);
        if (readyToRunApp is not null)
        {
            var precompiledMedian = Measures.Median(precompiled.Select(run => run.Start));
            Report.Line("cold start, fresh process, all ReadyToRun", precompiledMedian, "ms", "< 300 ms", precompiledMedian < 300);
            Describe("all R2R", precompiled);
            Report.Note($"ReadyToRun build: {readyToRunApp}");
        }

        var warmMedian = Measures.Median(warm);
        Report.Line($"cold start, warm process (median of {WarmStarts})", warmMedian, "ms", "< 300 ms", warmMedian < 300);
        Report.Note($"load average {load} before the fresh processes, {Report.LoadAverage()} at the end");
    }

    /// <summary>The child's side: one start in this fresh process, printed as "wall cpu" milliseconds.</summary>
    public static async Task RunChildProcessAsync()
    {
        var (wall, cpu) = await StartOnceAsync();
        Console.WriteLine(FormattableString.Invariant($"{wall:0.###} {cpu:0.###}"));
    }

    private static void Describe(string build, List<(double Start, double Cpu, double Launch)> runs) =>
        Report.Note(FormattableString.Invariant(
            $"{build,-10} StartAsync to /readyz min/median/max: wall {runs.Min(run => run.Start):N0}/{Measures.Median(runs.Select(run => run.Start)):N0}/{runs.Max(run => run.Start):N0} ms, CPU {runs.Min(run => run.Cpu):N0}/{Measures.Median(runs.Select(run => run.Cpu)):N0}/{runs.Max(run => run.Cpu):N0} ms; from process launch {runs.Min(run => run.Launch):N0}/{Measures.Median(runs.Select(run => run.Launch)):N0}/{runs.Max(run => run.Launch):N0} ms"));

    /// <summary>
    /// Publishes this benchmark with ReadyToRun (our assemblies and the NuGet packages precompiled; the framework's already are)
    /// unless <c>bin/ReadyToRun</c> already holds a publish newer than every assembly of this build. Returns its app host.
    /// </summary>
    private static async Task<string> PublishReadyToRunAsync()
    {
        var build = AppContext.BaseDirectory;
        var project = Path.GetFullPath(Path.Combine(build, "..", "..", "..", "Harness.Benchmarks.csproj"));
        if (!File.Exists(project))
        {
            throw new InvalidOperationException($"--ready-to-run publishes {project}, which is not there: run the benchmark from its project's build output (dotnet run -c Release --project tests/Harness.Benchmarks)");
        }

        var output = Path.GetFullPath(Path.Combine(build, "..", "..", "ReadyToRun"));
        var app = Path.Combine(output, "Harness.Benchmarks");
        var built = Directory.EnumerateFiles(build, "*.dll").Max(File.GetLastWriteTimeUtc);
        if (File.Exists(app) && File.GetLastWriteTimeUtc(Path.Combine(output, "Harness.Benchmarks.dll")) >= built)
        {
            return app;
        }

        Console.WriteLine($"publishing the ReadyToRun build into {output} (takes a minute or more)");
        var publish = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output })
        {
            publish.ArgumentList.Add(argument);
        }

        using var process = Process.Start(publish) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(app))
        {
            throw new InvalidOperationException($"dotnet publish of the ReadyToRun build failed ({process.ExitCode}):\n{await stdout}{await stderr}");
        }

        return app;
    }

    private static async Task<(double Start, double Cpu, double Launch)> RunChildAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
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
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            Backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Random = new Random(1) }),
        });
        await environment.StartAsync();
        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(environment.Configuration.Host.TrimEnd('/') + "/readyz")) { Version = System.Net.HttpVersion.Version20 };
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
}
