using YamlDotNet.Core;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// A YAML syntax error in go-yaml's words (<c>line 2: did not find expected ',' or ']'</c>): libyaml's problem without its
/// context, and the line go-yaml reports — the problem mark's 0-based line for a parser error, one more for a scanner error
/// (YamlDotNet, a libyaml port too, counts lines from 1 and finds the same marks).
/// </summary>
internal static class GoYamlSyntaxError
{
    public static string Describe(YamlException error)
    {
        var problem = error.Message.TrimEnd('.');
        var contextEnd = problem.IndexOf(", ", StringComparison.Ordinal);
        if (problem.StartsWith("While ", StringComparison.Ordinal) && contextEnd > 0)
        {
            problem = problem[(contextEnd + 2)..];
        }

        var line = error is SyntaxErrorException ? error.Start.Line : error.Start.Line - 1;
        return line > 0 ? $"line {line}: {problem}" : problem;
    }
}
