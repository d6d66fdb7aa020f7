using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Environment;

public sealed class BinaryApiServerBackendTests : IDisposable
{
    private readonly string _assets = Directory.CreateTempSubdirectory("harness-fake-assets-").FullName;

    public void Dispose() => Directory.Delete(_assets, recursive: true);

    [Fact]
    public async Task StartAsync_EtcdExitsAtOnce_FailsWithItsOutputAndLeavesNothingBehind()
    {
        var etcd = WriteScript("etcd", "echo \"etcd: unknown flag --unsafe-no-fsync\" >&2; exit 2");
        var apiServer = WriteScript("kube-apiserver", "exit 1");
        var before = TemporaryFolders();
        await using var backend = new BinaryApiServerBackend(new BinaryApiServerBackendOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EtcdPath = etcd,
            KubeApiServerPath = apiServer,
            Random = new Random(3),
            PollInterval = TimeSpan.FromMilliseconds(10),
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.StartAsync(CancellationToken.None));

        Assert.StartsWith("etcd exited while starting: (exit code 2)\n", error.Message);
        Assert.Contains("etcd: unknown flag --unsafe-no-fsync", error.Message);
        Assert.Empty(TemporaryFolders().Except(before));
    }

    [Fact]
    public void AssetsPresent_BothBinaries_IsTrue()
    {
        WriteScript("etcd", "exit 0");
        WriteScript("kube-apiserver", "exit 0");

        Assert.True(BinaryApiServerBackend.AssetsPresent(_assets, out var reason));
        Assert.Equal(string.Empty, reason);
        Assert.False(BinaryApiServerBackend.AssetsPresent(null, out reason));
        Assert.Equal("KUBEBUILDER_ASSETS is not set", reason);
    }

    private static string[] TemporaryFolders()
        => Directory.GetDirectories(Path.GetTempPath(), "harness-kube-apiserver-*").Order().ToArray();

    private string WriteScript(string name, string body)
    {
        var path = Path.Combine(_assets, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
