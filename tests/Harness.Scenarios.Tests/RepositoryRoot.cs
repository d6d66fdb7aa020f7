namespace Harness.Scenarios.Tests;

/// <summary>The repository's folder, found above the test assembly (the folder holding <c>Harness.sln</c>).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The path of <paramref name="parts"/> under the repository's folder.</summary>
    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "Harness.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Harness.sln not found above {AppContext.BaseDirectory}");
    }
}
