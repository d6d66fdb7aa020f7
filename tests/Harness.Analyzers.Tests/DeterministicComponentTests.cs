namespace Harness.Analyzers.Tests;

/// <summary>
/// The banned-API analyzer switches on by the <c>DeterministicComponent</c> property of a project (Directory.Build.props),
/// not by its path, and every project under <c>src/</c> and <c>envtest/</c> sets it.
/// </summary>
public sealed class DeterministicComponentTests
{
    public static TheoryData<string> ComponentProjects() =>
    [
        .. new[] { "src", "envtest" }
            .SelectMany(folder => Directory.GetFiles(RepositoryRoot.File(folder), "*.csproj", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(RepositoryRoot.Path, path)),
    ];

    [Theory]
    [MemberData(nameof(ComponentProjects))]
    public void ComponentProject_SetsDeterministicComponent(string project)
    {
        Assert.Contains("<DeterministicComponent>true</DeterministicComponent>", File.ReadAllText(RepositoryRoot.File(project)), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildProps_SwitchTheAnalyzerOnByTheProperty()
    {
        var props = File.ReadAllText(RepositoryRoot.File("Directory.Build.props"));

        Assert.Contains("<ItemGroup Condition=\"'$(DeterministicComponent)' == 'true'\">", props, StringComparison.Ordinal);
        Assert.Contains("<PackageReference Include=\"Microsoft.CodeAnalysis.BannedApiAnalyzers\"", props, StringComparison.Ordinal);
        Assert.Contains("BannedSymbols.txt", props, StringComparison.Ordinal);
    }
}
