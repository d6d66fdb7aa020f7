using System.Text;
using Harness.Scenarios.Cluster;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>examples/README.md's bash blocks as kubectl argument lists, split as the shell would, and typed through <see cref="Kubectl"/>.</summary>
internal static class ExamplesReadme
{
    /// <summary>The kubectl lines of the bash block that follows the heading <paramref name="heading"/>, or of the first block when null.</summary>
    public static List<string[]> Commands(string? heading = null)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "README.md"));
        var section = heading is null ? readme : readme.Split($"\n### {heading}\n")[1];
        var block = section.Split("```bash\n")[1].Split("```")[0];
        return [.. block.Split('\n').Select(ShellWords).Where(w => w is ["kubectl", ..]).Select(w => w[1..])];
    }

    /// <summary>Runs <paramref name="commands"/> in order, with <c>examples/</c> paths made absolute.</summary>
    public static async Task RunAsync(Kubectl kubectl, IEnumerable<string[]> commands)
    {
        var root = RepositoryRoot.Path;
        foreach (var command in commands)
        {
            await kubectl.RunAsync([.. command.Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(root, a) : a)]);
        }
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
