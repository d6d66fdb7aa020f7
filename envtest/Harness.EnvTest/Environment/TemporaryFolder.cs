namespace Harness.EnvTest.Environment;

/// <summary>A folder under the system's temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    private TemporaryFolder(string path) => Path = path;

    public string Path { get; }

    public static TemporaryFolder Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
