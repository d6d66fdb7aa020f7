namespace Harness.EnvTest.Tests.Loading;

/// <summary>A temporary folder of dump files for one test.</summary>
internal sealed class DumpFiles : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("harness-dump-");

    public string Root => root.FullName;

    /// <summary>Writes <paramref name="text"/> at <paramref name="relativePath"/> (folders made as needed); returns the full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(root.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => root.Delete(recursive: true);
}
