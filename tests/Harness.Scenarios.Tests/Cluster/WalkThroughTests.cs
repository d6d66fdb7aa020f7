using System.Text;
using Harness.Scenarios.Cluster;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>
/// The user's walk-through exactly as examples/README.md prints it, line by line through the real kubectl, against
/// the cluster <c>harness up</c> runs (embedded API server, the simulators, the <c>harness-controller</c> process):
/// the feature-gate patch, larry, <c>kubectl wait vmsnapshot snap-larry --for condition=Ready</c>, the stop, the
/// restore and <c>kubectl wait vmrestore restore-larry --for condition=Ready</c>, and larry running again.
/// </summary>
public sealed class WalkThroughTests
{
    [Fact]
    public async Task ExamplesReadme_TypedWithKubectl_SnapshotAndRestoreBecomeReady()
    {
        var root = RepositoryRoot.Path;
        var commands = WalkThroughCommands(File.ReadAllText(Path.Combine(root, "examples", "README.md")));
        await using var environment = await LiveFlow.StartEnvironmentAsync("embedded");
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System, new LiveClusterOptions { ControllerProcess = true });
        var kubectl = new Kubectl(environment.KubeconfigPath);

        foreach (var command in commands)
        {
            await kubectl.RunAsync([.. command.Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(root, a) : a)]);
        }

        Assert.Contains(commands, c => c is ["wait", "vmsnapshot", "snap-larry", "--for", "condition=Ready"]);
        Assert.Contains(commands, c => c is ["wait", "vmrestore", "restore-larry", "--for", "condition=Ready"]);
        Assert.Equal("Succeeded", await kubectl.RunAsync("get", "vmsnapshot", "snap-larry", "-o", "jsonpath={.status.phase}"));
        Assert.Equal("true", await kubectl.RunAsync("get", "vmrestore", "restore-larry", "-o", "jsonpath={.status.complete}"));
        await kubectl.RunAsync("wait", "vm", "larry", "--for", "condition=Ready", "--timeout=120s");
    }

    /// <summary>The kubectl lines of the README's bash block, split as the shell would (single quotes, # comments).</summary>
    private static List<string[]> WalkThroughCommands(string readme)
    {
        var block = readme.Split("```bash\n")[1].Split("```")[0];
        return [.. block.Split('\n').Select(ShellWords).Where(w => w is ["kubectl", ..]).Select(w => w[1..])];
    }

    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (!quoted && c == '#')
            {
                break;
            }
            else if (!quoted && char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }
}
