using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Harness.Scenarios.Cli;

namespace Harness.Scenarios.Tests.Cli;

public sealed class UpCommandTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("harness-up-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Up_QuietCancelled_StartsComponentsAfterTheServerAndStopsThem()
    {
        SignallingComponent? component = null;
        using var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var kubeconfig = Path.Combine(_folder, "nested", "kubeconfig");

        var run = HarnessCommandLine.RunAsync(
            ["up", "--kubeconfig", kubeconfig, "--quiet"],
            [(environment, _) => component = new SignallingComponent(environment)],
            TextWriter.Synchronized(output),
            TextWriter.Null,
            stop.Token);
        var namespaces = await WaitStartedAsync(() => component, run);
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(Bound);

        Assert.Equal(0, exitCode);
        Assert.Contains("default", namespaces);
        Assert.True(component!.Stopped);
        Assert.Equal($"export KUBECONFIG={kubeconfig}\nready\n", output.ToString().Replace("\r\n", "\n"));
        Assert.True(File.Exists(kubeconfig));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kubeconfig));
        }
    }

    [Fact]
    public async Task Up_NotQuiet_SaysWhatRunsAfterReadyAndLeavesNoEarlierKubeconfigToComponents()
    {
        SignallingComponent? component = null;
        bool? earlierKubeconfigSeen = null;
        using var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        await File.WriteAllTextAsync(Path.Combine(_folder, "kubeconfig"), "an earlier run's");

        var run = HarnessCommandLine.RunAsync(
            ["up", "--kubeconfig", Path.Combine(_folder, "kubeconfig")],
            [(environment, settings) =>
            {
                earlierKubeconfigSeen = File.Exists(settings.KubeconfigPath);
                return component = new SignallingComponent(environment);
            }],
            TextWriter.Synchronized(output),
            TextWriter.Null,
            stop.Token);
        await WaitStartedAsync(() => component, run);
        await WaitForAsync(() => output.ToString().Contains("Ctrl+C", StringComparison.Ordinal));
        await stop.CancelAsync();
        await run.WaitAsync(Bound);

        var lines = output.ToString().Replace("\r\n", "\n").Split('\n');
        Assert.False(earlierKubeconfigSeen);
        Assert.Equal("ready", lines[1]);
        Assert.Matches(@"^  API server +https://127\.0\.0\.1:\d+/? \(embedded, in this process\)$", lines[3]);
        Assert.Matches("^  Signalling +a test component$", lines[4]);
        Assert.Contains(lines, l => l.StartsWith("Next: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Up_PortInUse_SaysSoAndReturnsOne()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var error = new StringWriter();

        var exitCode = await HarnessCommandLine.RunAsync(
            ["up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kubeconfig", Path.Combine(_folder, "kubeconfig")],
            [],
            TextWriter.Null,
            error);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"harness up: cannot listen on 127.0.0.1:{port}:", error.ToString());
    }

    [Fact]
    public async Task Up_AsAProcess_ServesKubectlAndOnSigtermExitsZeroLeavingNothingBehind()
    {
        var kubeconfig = Path.Combine(_folder, "kubeconfig");
        using var harness = StartHarnessUp();
        try
        {
            using var bound = new CancellationTokenSource(Bound);
            var export = await harness.StandardOutput.ReadLineAsync(bound.Token);
            var ready = await harness.StandardOutput.ReadLineAsync(bound.Token);
            string? files = null;
            for (var line = await harness.StandardOutput.ReadLineAsync(bound.Token); line is not null && !line.StartsWith("Next:", StringComparison.Ordinal); line = await harness.StandardOutput.ReadLineAsync(bound.Token))
            {
                files = line.StartsWith("  Files ", StringComparison.Ordinal) ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] : files;
            }

            Assert.True(Directory.Exists(files), $"the Files line names an existing folder: {files}");
            Assert.NotEmpty(ProcessesMentioning(files!));
            var kubectl = await RunKubectlAsync(kubeconfig, bound.Token, "get", "namespace", "default", "-o", "name");
            using (var kill = Process.Start("kill", ["-TERM", harness.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(bound.Token);
            }

            await harness.WaitForExitAsync(bound.Token);

            Assert.Equal($"export KUBECONFIG={kubeconfig}", export);
            Assert.Equal("ready", ready);
            Assert.Equal("namespace/default\n", kubectl);
            Assert.Equal(0, harness.ExitCode);
            Assert.Equal(string.Empty, await harness.StandardError.ReadToEndAsync(bound.Token));
            Assert.False(Directory.Exists(files), $"{files} is removed");
            Assert.Empty(ProcessesMentioning(files!));
        }
        finally
        {
            if (!harness.HasExited)
            {
                harness.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Up_AsAProcess_RunsTheReadmeWalkThrough()
    {
        var kubeconfig = Path.Combine(_folder, "kubeconfig");
        await File.WriteAllTextAsync(Path.Combine(_folder, "vm.yaml"), WalkThroughVm);
        await File.WriteAllTextAsync(Path.Combine(_folder, "vs.yaml"), WalkThroughVolumeSnapshot);
        await File.WriteAllTextAsync(Path.Combine(_folder, "freeze.json"), """{"unfreezeTimeout": "5m0s"}""");
        using var harness = StartHarnessUp();
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(150));
            Assert.Equal($"export KUBECONFIG={kubeconfig}", await harness.StandardOutput.ReadLineAsync(bound.Token));
            Assert.Equal("ready", await harness.StandardOutput.ReadLineAsync(bound.Token));
            Task<string> Kubectl(params string[] arguments) => RunKubectlAsync(kubeconfig, bound.Token, arguments);
            const string Vmi = "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/larry";

            await Kubectl("apply", "-f", Path.Combine(_folder, "vm.yaml"));
            await Kubectl("wait", "vm/larry", "--for", "condition=AgentConnected", "--timeout=60s");
            await Kubectl("replace", "--raw", Vmi + "/freeze", "-f", Path.Combine(_folder, "freeze.json"));
            var frozen = await Kubectl("get", "vmi", "larry", "-o", "jsonpath={.status.fsFreezeStatus}");
            await Kubectl("apply", "-f", Path.Combine(_folder, "vs.yaml"));
            await Kubectl("wait", "volumesnapshot/larry-disk-snap", "--for", "jsonpath={.status.readyToUse}=true", "--timeout=60s");
            await Kubectl("replace", "--raw", Vmi + "/unfreeze", "-f", "/dev/null");
            var thawed = frozen;
            for (var attempt = 0; attempt < 100 && thawed.Length > 0; attempt++)
            {
                await Task.Delay(100, bound.Token);
                thawed = await Kubectl("get", "vmi", "larry", "-o", "jsonpath={.status.fsFreezeStatus}");
            }

            var claim = await Kubectl("get", "pvc", "larry-disk", "-o", "jsonpath={.status.phase}");

            using (var kill = Process.Start("kill", ["-TERM", harness.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(bound.Token);
            }

            await harness.WaitForExitAsync(bound.Token);
            Assert.Equal("frozen", frozen);
            Assert.Equal(string.Empty, thawed);
            Assert.Equal("Bound", claim);
            Assert.Equal(0, harness.ExitCode);
        }
        finally
        {
            if (!harness.HasExited)
            {
                harness.Kill(entireProcessTree: true);
            }
        }
    }

    private Process StartHarnessUp()
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "harness.dll"), "up", "--kubeconfig", "kubeconfig" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo)!;
    }

    /// <summary>The processes whose command line mentions <paramref name="text"/> (the run's children name files in its folder).</summary>
    private static List<string> ProcessesMentioning(string text) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => Path.Combine(d, "cmdline"))
            .Select(f => { try { return File.ReadAllText(f).Replace('\0', ' '); } catch (IOException) { return ""; } catch (UnauthorizedAccessException) { return ""; } })
            .Where(c => c.Contains(text, StringComparison.Ordinal))];

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(20, bound.Token);
        }
    }

    private static async Task<IReadOnlyList<string>> WaitStartedAsync(Func<SignallingComponent?> component, Task<int> run)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (component() is null)
        {
            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"harness up ended with {await run} before starting its components");
            }

            await Task.Delay(20, bound.Token);
        }

        return await component()!.Started.Task.WaitAsync(bound.Token);
    }

    private static async Task<string> RunKubectlAsync(string kubeconfig, CancellationToken cancellationToken, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("kubectl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.Environment["KUBECONFIG"] = kubeconfig;
        using var kubectl = Process.Start(startInfo)!;
        var output = await kubectl.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await kubectl.StandardError.ReadToEndAsync(cancellationToken);
        await kubectl.WaitForExitAsync(cancellationToken);
        Assert.True(kubectl.ExitCode == 0, error);
        return output;
    }

    private const string WalkThroughVm = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: larry-disk
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi
        ---
        apiVersion: kubevirt.io/v1
        kind: VirtualMachine
        metadata:
          name: larry
        spec:
          runStrategy: Always
          template:
            spec:
              domain:
                devices:
                  disks:
                  - name: disk0
                    disk: {bus: virtio}
                resources:
                  requests:
                    memory: 128Mi
              volumes:
              - name: disk0
                persistentVolumeClaim:
                  claimName: larry-disk
        """;

    private const string WalkThroughVolumeSnapshot = """
        apiVersion: snapshot.storage.k8s.io/v1
        kind: VolumeSnapshot
        metadata:
          name: larry-disk-snap
        spec:
          source:
            persistentVolumeClaimName: larry-disk
        """;
}
