using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Harness.Benchmarks.Up;

/// <summary>
/// <c>harness up</c> as a user runs it, each time in a fresh process (<c>dotnet harness.dll up</c> of this build, or a
/// published folder's <c>harness up</c>: <see cref="UpProgram"/>): from
/// the launch to its <c>ready</c> line, then from SIGTERM until the process and every process it started are gone and
/// every temporary folder it made is removed. Each run gets a private <c>TMPDIR</c>, so "removed" means that folder is
/// empty again; the children are the process's descendants, read from <c>/proc</c> once it is ready.
/// </summary>
internal static class UpBenchmark
{
    private const int Runs = 9;
    private const int SigTerm = 15;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LeftBehindAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Measures this build; with <paramref name="published"/> (<c>up --published DIR</c>) also that folder's
    /// <c>harness</c>, the two started alternately so that both meet the same load, each reported on its own.
    /// </summary>
    public static async Task<int> RunAsync(string? published)
    {
        var programs = new List<UpProgram> { UpProgram.Build() };
        if (published is not null)
        {
            if (UpProgram.Published(published) is not { } program)
            {
                return 2;
            }

            programs.Add(program);
        }

        var load = Report.LoadAverage();
        var runs = programs.ToDictionary(program => program, _ => new List<UpRun>());
        for (var i = 0; i < Runs; i++)
        {
            foreach (var program in programs)
            {
                runs[program].Add(await RunOnceAsync(program));
            }
        }

        foreach (var program in programs)
        {
            Describe(program, runs[program], programs.Count > 1 ? $", {program.Label}" : "");
        }

        Report.Note($"load average {load} before, {Report.LoadAverage()} after");
        return 0;
    }

    private static void Describe(UpProgram program, List<UpRun> runs, string label)
    {
        var ready = Measures.Median(runs.Select(r => r.Ready));
        var stop = Measures.Median(runs.Select(r => r.Stop));
        Report.Line($"harness up to ready, fresh process (median of {Runs}){label}", ready, "ms", "< 500 ms", ready < 500);
        Report.Line($"SIGTERM to all gone and removed (median of {Runs}){label}", stop, "ms", "< 1000 ms", stop < 1000);
        Report.Note(FormattableString.Invariant(
            $"ready min/max {runs.Min(r => r.Ready):N0}/{runs.Max(r => r.Ready):N0} ms; CPU of the process tree at ready {runs.Min(r => r.ReadyCpu):N0}/{Measures.Median(runs.Select(r => r.ReadyCpu)):N0}/{runs.Max(r => r.ReadyCpu):N0} ms (min/median/max); {runs[0].Children} child processes"));
        var names = runs.SelectMany(r => r.ProgramCpu.Keys).Distinct().Order(StringComparer.Ordinal);
        Report.Note("CPU at ready per program, median: " + string.Join(", ", names.Select(name =>
            FormattableString.Invariant($"{name} {Measures.Median(runs.Select(r => r.ProgramCpu.GetValueOrDefault(name))):N0} ms"))));
        Report.Note(FormattableString.Invariant($"stop min/max {runs.Min(r => r.Stop):N0}/{runs.Max(r => r.Stop):N0} ms; process exit alone median {Measures.Median(runs.Select(r => r.Exit)):N0} ms"));
        foreach (var run in runs.Where(r => r.LeftBehind.Count > 0))
        {
            Report.Note($"left behind {LeftBehindAfter.TotalSeconds:0} s after SIGTERM: {string.Join(", ", run.LeftBehind)}");
        }

        Report.Note(program.Description);
    }

    private static async Task<UpRun> RunOnceAsync(UpProgram program)
    {
        var scratch = Directory.CreateTempSubdirectory("harness-up-bench-").FullName;
        var temp = Directory.CreateDirectory(Path.Combine(scratch, "tmp")).FullName;
        try
        {
            var start = program.StartInfo(["up", "--kubeconfig", Path.Combine(scratch, "kubeconfig")]);
            start.Environment["TMPDIR"] = temp;
            using var bound = new CancellationTokenSource(Bound);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("harness up did not start");
            var errors = process.StandardError.ReadToEndAsync(bound.Token);
            try
            {
                var ready = await ReadUntilAsync(process, clock, "ready", bound.Token);
                await ReadUntilAsync(process, clock, "Next:", bound.Token);
                var children = Descendants(process.Id);
                var cpu = children.Append(process.Id).ToDictionary(pid => pid, CpuMilliseconds);
                var programCpu = cpu.GroupBy(p => ProgramName(p.Key)).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
                var stopping = clock.Elapsed;
                _ = Kill(process.Id, SigTerm);
                await process.WaitForExitAsync(bound.Token);
                var exit = clock.Elapsed - stopping;
                while ((children.Any(IsAlive) || Directory.EnumerateFileSystemEntries(temp).Any()) && clock.Elapsed - stopping < LeftBehindAfter)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(2), bound.Token);
                }

                var stop = clock.Elapsed - stopping;
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"harness up exited with {process.ExitCode}: {await errors}");
                }

                var left = children.Where(IsAlive).Select(pid => $"process {pid}")
                    .Concat(Directory.EnumerateFileSystemEntries(temp).Select(Path.GetFileName).OfType<string>()).ToList();
                return new UpRun(ready.TotalMilliseconds, cpu.Values.Sum(), programCpu, children.Count, exit.TotalMilliseconds, left.Count == 0 ? stop.TotalMilliseconds : double.PositiveInfinity, left);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException(
                    $"harness up did not start and stop within {Bound}; left in {temp}: {string.Join(", ", Directory.EnumerateFileSystemEntries(temp))}");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The program a process runs: the first of its command line's words naming a harness file (<c>dotnet harness-controller.dll</c> or <c>harness</c>), without <c>.dll</c>.</summary>
    private static string ProgramName(int pid)
    {
        try
        {
            var words = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileName).OfType<string>();
            return words.FirstOrDefault(word => word.StartsWith("harness", StringComparison.Ordinal)) is { } name ? Path.GetFileNameWithoutExtension(name) : "other";
        }
        catch (IOException)
        {
            return "gone";
        }
    }

    /// <summary>Reads stdout up to the line starting with <paramref name="prefix"/>; the time since launch when it came.</summary>
    private static async Task<TimeSpan> ReadUntilAsync(Process process, Stopwatch clock, string prefix, CancellationToken cancellationToken)
    {
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return clock.Elapsed;
            }
        }

        throw new InvalidOperationException($"harness up ended its output before a '{prefix}' line");
    }

    /// <summary>Every live process whose chain of parents leads to <paramref name="root"/>.</summary>
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = int.Parse(stat[1], CultureInfo.InvariantCulture);
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    private static bool IsAlive(int pid) => Stat(pid) is { } stat && stat[0] != "Z";

    /// <summary>utime + stime of <paramref name="pid"/>, in ms (clock ticks of 10 ms).</summary>
    private static double CpuMilliseconds(int pid) =>
        Stat(pid) is { } stat ? (long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture)) * 10.0 : 0;

    /// <summary>The fields of /proc/PID/stat after the command name (state first), or null when the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
