using System.Diagnostics;
using System.Globalization;

namespace Harness.EnvTest.Environment;

/// <summary>
/// A folder under the system's temporary folder, deleted with everything in it on dispose. It records its owner
/// process (id and start time), so a folder left behind by a killed run is removed when the next one with the same
/// prefix is created.
/// </summary>
public sealed class TemporaryFolder : IDisposable
{
    private const string OwnerFile = ".owner";

    private TemporaryFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>Removes the folders of <paramref name="prefix"/> whose owner process is gone, then creates a new one.</summary>
    public static TemporaryFolder Create(string prefix)
    {
        RemoveAbandoned(prefix);
        var folder = new TemporaryFolder(Directory.CreateTempSubdirectory(prefix).FullName);
        using var self = Process.GetCurrentProcess();
        File.WriteAllText(System.IO.Path.Combine(folder.Path, OwnerFile), Owner(self.Id, self.StartTime));
        return folder;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static void RemoveAbandoned(string prefix)
    {
        foreach (var candidate in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), prefix + "*"))
        {
            var owner = System.IO.Path.Combine(candidate, OwnerFile);
            if (File.Exists(owner) && !IsAlive(File.ReadAllText(owner)))
            {
                try
                {
                    Directory.Delete(candidate, recursive: true);
                }
                catch (IOException)
                {
                    // Another starting run removed it first.
                }
                catch (UnauthorizedAccessException)
                {
                    // Not ours to remove.
                }
            }
        }
    }

    // The start time read from another process differs by a fraction of a millisecond (boot time and clock ticks are
    // rounded differently), so it is compared to the second: enough to tell a reused process id apart.
    private static bool IsAlive(string owner)
    {
        var parts = owner.Split(' ');
        if (parts.Length != 2
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var startTicks))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(id);
            return Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) < TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Owner(int id, DateTime startTime) =>
        string.Create(CultureInfo.InvariantCulture, $"{id} {startTime.ToUniversalTime().Ticks}");
}
