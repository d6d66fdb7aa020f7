using Harness.Controller.Snapshots;

namespace Harness.Controller.Tests.Docs;

/// <summary>
/// The lifecycle graphs in <c>docs/</c> are the machines' own Mermaid export. Fails when code and picture differ;
/// <c>HARNESS_UPDATE_DOCS=1 dotnet test --filter LifecycleGraphDocsTests</c> rewrites the pictures from the code.
/// </summary>
public sealed class LifecycleGraphDocsTests
{
    [Fact]
    public void SnapshotMachine_Docs_MatchTheCode() => AssertCurrent("snapshot-machine.md", "VirtualMachineSnapshot lifecycle", LifecycleGraphs.SnapshotMermaid());

    [Fact]
    public void ContentMachine_Docs_MatchTheCode() => AssertCurrent("content-machine.md", "VirtualMachineSnapshotContent lifecycle", LifecycleGraphs.ContentMermaid());

    private static void AssertCurrent(string file, string title, string mermaid)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", file);
        var expected = Page(title, mermaid);
        if (Environment.GetEnvironmentVariable("HARNESS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run with HARNESS_UPDATE_DOCS=1 to write it");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    private static string Page(string title, string mermaid) =>
        $"# {title}\n\n"
        + "Exported from the Stateless machine in `src/Controller/Snapshots/Lifecycle` by `LifecycleGraphs`; "
        + "`tests/Harness.Controller.Tests/Docs/LifecycleGraphDocsTests.cs` fails when this picture and the code differ.\n\n"
        + $"```mermaid\n{mermaid.TrimEnd()}\n```\n";

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Harness.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Harness.sln not found above the test's directory");
    }
}
