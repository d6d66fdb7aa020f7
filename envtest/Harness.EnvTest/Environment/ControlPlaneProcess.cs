using System.Diagnostics;
using System.Text;

namespace Harness.EnvTest.Environment;

/// <summary>One control-plane binary (etcd or kube-apiserver) run as a child process, with its recent output kept for error messages.</summary>
internal sealed class ControlPlaneProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _recentOutput = new();
    private readonly bool _attachOutput;

    private ControlPlaneProcess(Process process, bool attachOutput)
    {
        _process = process;
        _attachOutput = attachOutput;
    }

    public string Name => Path.GetFileName(_process.StartInfo.FileName);

    public bool HasExited => _process.HasExited;

    public static ControlPlaneProcess Start(string path, IEnumerable<string> arguments, string workingDirectory, bool attachOutput)
    {
        var startInfo = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var controlPlaneProcess = new ControlPlaneProcess(process, attachOutput);
        process.OutputDataReceived += (_, line) => controlPlaneProcess.Keep(line.Data, Console.Out);
        process.ErrorDataReceived += (_, line) => controlPlaneProcess.Keep(line.Data, Console.Error);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {path}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return controlPlaneProcess;
    }

    /// <summary>The last lines the process printed, for error messages.</summary>
    public string RecentOutput()
    {
        lock (_recentOutput)
        {
            var text = new StringBuilder();
            foreach (var line in _recentOutput)
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }

    /// <summary>Once the process has exited: everything it printed last (waits for its output streams to close).</summary>
    public async Task<string> FinalOutputAsync()
    {
        await _process.WaitForExitAsync();
        return $"(exit code {_process.ExitCode})\n{RecentOutput()}";
    }

    /// <summary>Kills the process and waits (at most <paramref name="timeout"/>) for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout, TimeProvider timeProvider)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} (pid {_process.Id}) did not exit within {timeout.TotalSeconds:0.#} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line, TextWriter attached)
    {
        if (line is null)
        {
            return;
        }

        if (_attachOutput)
        {
            attached.WriteLine(line);
        }

        lock (_recentOutput)
        {
            _recentOutput.Enqueue(line);
            if (_recentOutput.Count > KeptOutputLines)
            {
                _recentOutput.Dequeue();
            }
        }
    }
}
