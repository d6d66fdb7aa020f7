using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Antlr4.Runtime;
using Cel;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The CEL environment rules run in: the <c>Cel</c> package's evaluator (CEL's standard definitions and macros) with the
/// Kubernetes extension functions of <see cref="CelLibrary"/>, equality and list addition as <see cref="CelEquality"/> and <see cref="CelListAddition"/> decide them. Programs are
/// compiled once per expression text.
/// </summary>
internal static partial class CelRuntime
{
    private static readonly Lock Gate = new();
    private static readonly ConcurrentDictionary<string, CelProgramDelegate> Programs = new(StringComparer.Ordinal);
    private static CelEnvironment? _environment;

    /// <summary>Compiles <paramref name="expression"/>; on failure returns null and cel-go's text for the error.</summary>
    public static CelProgramDelegate? Compile(string expression, out string? error)
    {
        error = null;
        if (Programs.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        try
        {
            lock (Gate)
            {
                _environment ??= CelLibrary.Register(new CelEnvironment([], ""));
                var program = _environment.Compile(expression);
                if (CelOperatorRewrite.Applies(expression))
                {
                    program = _environment.Compile(CelOperatorRewrite.Rewrite(_environment, expression));
                }

                Programs.TryAdd(expression, program);
                return program;
            }
        }
        catch (CelException e)
        {
            error = "compilation failed: " + CompileError(expression, e.Message);
            return null;
        }
    }

    /// <summary>The parse tree of <paramref name="expression"/>, one that <see cref="Compile"/> compiled.</summary>
    public static CelParser.StartContext Parse(string expression)
    {
        lock (Gate)
        {
            _environment ??= CelLibrary.Register(new CelEnvironment([], ""));
            return _environment.Parse(expression);
        }
    }

    /// <summary>Whether <paramref name="expression"/> names <paramref name="identifier"/> (outside string literals).</summary>
    public static bool References(string expression, string identifier)
    {
        var lexer = new CelLexer(new AntlrInputStream(expression));
        lexer.RemoveErrorListeners();
        return lexer.GetAllTokens().Any(t => t.Type == CelLexer.IDENTIFIER && t.Text == identifier);
    }

    /// <summary>cel-go's report: <c>ERROR: &lt;input&gt;:1:10: Syntax error: ...</c>, then the expression and a caret under the column.</summary>
    private static string CompileError(string expression, string message)
    {
        var position = SyntaxErrorPosition().Match(message);
        if (!position.Success)
        {
            return $"ERROR: <input>: {message}";
        }

        var line = int.Parse(position.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var column = int.Parse(position.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var source = expression.Split('\n').ElementAtOrDefault(line - 1) ?? "";
        var text = new StringBuilder()
            .Append("ERROR: <input>:").Append(line).Append(':').Append(column + 1).Append(": Syntax error: ").Append(position.Groups["detail"].Value)
            .Append("\n | ").Append(source)
            .Append("\n | ").Append('.', column).Append('^');
        return text.ToString();
    }

    [GeneratedRegex(@"^Line (?<line>\d+):(?<column>\d+) (?<detail>.*)$", RegexOptions.Singleline)]
    private static partial Regex SyntaxErrorPosition();
}
