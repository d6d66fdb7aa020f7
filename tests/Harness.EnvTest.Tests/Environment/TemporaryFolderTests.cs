using System.Diagnostics;
using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Environment;

public sealed class TemporaryFolderTests : IDisposable
{
    private readonly string prefix = $"harness-folder-test-{System.Environment.ProcessId}-{Guid.NewGuid():N}-";

    public void Dispose()
    {
        foreach (var left in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
        {
            Directory.Delete(left, recursive: true);
        }
    }

    [Fact]
    public async Task Create_FolderOfAKilledRun_RemovedButLiveAndUnmarkedFoldersKept()
    {
        using var exited = Process.Start("true")!;
        await exited.WaitForExitAsync();
        var abandoned = Folder("abandoned", $"{exited.Id} 0");
        using var self = Process.GetCurrentProcess();
        // Another process reads a start time that differs by a fraction of a millisecond.
        var live = Folder("live", $"{self.Id} {self.StartTime.ToUniversalTime().Ticks + 5_503}");
        var reused = Folder("reused", $"{self.Id} 1");
        var unmarked = Folder("unmarked", null);

        using var created = TemporaryFolder.Create(prefix);

        Assert.False(Directory.Exists(abandoned));
        Assert.False(Directory.Exists(reused));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(unmarked));
        Assert.True(Directory.Exists(created.Path));
    }

    [Fact]
    public void Dispose_RemovesTheFolderWithEverythingInIt()
    {
        var created = TemporaryFolder.Create(prefix);
        File.WriteAllText(Path.Combine(created.Path, "state"), "x");

        created.Dispose();

        Assert.False(Directory.Exists(created.Path));
    }

    private string Folder(string name, string? owner)
    {
        var path = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), prefix + name)).FullName;
        if (owner is not null)
        {
            File.WriteAllText(Path.Combine(path, ".owner"), owner);
        }

        return path;
    }
}
