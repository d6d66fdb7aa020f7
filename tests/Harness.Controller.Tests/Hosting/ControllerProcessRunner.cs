using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Controller.Tests.Hosting;

/// <summary>Runs the built <c>harness-controller.dll</c> as its own process and collects what it prints.</summary>
internal sealed class ControllerProcessRunner : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly Task<string> errors;
    private readonly Task reading;

    public ControllerProcessRunner(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "harness-controller.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        process = Process.Start(startInfo) ?? throw new InvalidOperationException("harness-controller did not start");
        errors = process.StandardError.ReadToEndAsync();
        reading = ReadAsync();
    }

    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    /// <summary>Waits until a printed line matches <paramref name="pattern"/>; returns the match.</summary>
    public async Task<Match> WaitForAsync(string pattern, TimeSpan? within = null)
    {
        var regex = new Regex(pattern);
        using var bound = new CancellationTokenSource(within ?? Bound);
        while (true)
        {
            lock (lines)
            {
                foreach (var line in lines)
                {
                    if (regex.Match(line) is { Success: true } match)
                    {
                        return match;
                    }
                }
            }

            if (process.HasExited && reading.IsCompleted)
            {
                throw new InvalidOperationException($"harness-controller exited ({process.ExitCode}) before printing /{pattern}/:\n{Output}\n{await errors}");
            }

            if (bound.IsCancellationRequested)
            {
                throw new TimeoutException($"harness-controller printed no line matching /{pattern}/ within {(within ?? Bound).TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(25, CancellationToken.None);
        }
    }

    /// <summary>The URL a "Serving ... on URL" line names.</summary>
    public async Task<Uri> UrlAsync(string what) =>
        new((await WaitForAsync($"Serving {what}.* on (?<url>https?://127\\.0\\.0\\.1:\\d+)")).Groups["url"].Value);

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit; returns the exit code and standard error.</summary>
    public async Task<(int ExitCode, string Error)> ExitAsync(TimeSpan? within = null)
    {
        using var bound = new CancellationTokenSource(within ?? Bound);
        await process.WaitForExitAsync(bound.Token);
        await reading;
        return (process.ExitCode, await errors);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }
}
