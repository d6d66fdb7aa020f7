using System.Text.RegularExpressions;
using Harness.Controller.Restores;

namespace Harness.Controller.Tests.Restores;

public sealed partial class RestoreMachineDocTests
{
    [Fact]
    public void RestoreMachineDoc_DrawsTheMachineInCode()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Harness.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var doc = File.ReadAllText(Path.Combine(root.FullName, "docs", "restore-machine.md"));
        var drawn = MermaidBlock().Match(doc);
        Assert.True(drawn.Success, "docs/restore-machine.md has no ```mermaid block");
        var code = RestoreLifecycleGraph.Mermaid().Trim();
        Assert.True(
            drawn.Groups["graph"].Value.Trim() == code,
            $"docs/restore-machine.md is out of date; its mermaid block should be:\n{code}");
    }

    [GeneratedRegex("```mermaid\\n(?<graph>.*?)```", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();
}
