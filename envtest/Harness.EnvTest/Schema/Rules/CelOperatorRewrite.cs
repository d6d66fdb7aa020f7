using System.Text;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// An expression with each <c>a == b</c> written as <c>__harness_equals__(a, b)</c> and each <c>a != b</c> as its negation,
/// so that <see cref="CelEquality"/> decides them, and each <c>a + b</c> as <c>__harness_add__(a, b)</c>, for
/// <see cref="CelListAddition"/> (the <c>Cel</c> package evaluates its operators itself), and each call of a namespaced
/// function as the global call <see cref="CelNamespacedCalls"/> names. Everything else keeps its text, spaces and all.
/// </summary>
internal static class CelOperatorRewrite
{
    public static bool Applies(string expression) =>
        expression.Contains("==", StringComparison.Ordinal) || expression.Contains("!=", StringComparison.Ordinal) || expression.Contains('+', StringComparison.Ordinal)
        || CelNamespacedCalls.MayCall(expression);

    public static string Rewrite(CelEnvironment environment, string expression)
    {
        var text = new StringBuilder(expression.Length + 32);
        Append(environment.Parse(expression), expression, text);
        return text.ToString();
    }

    private static void Append(IParseTree node, string source, StringBuilder text)
    {
        switch (node)
        {
            case CelParser.RelationContext { op.Text: "==" or "!=" } relation:
                text.Append(relation.op.Text == "!=" ? "!" : "").Append(CelEquality.FunctionName).Append('(');
                Append(relation.GetChild(0), source, text);
                text.Append(", ");
                Append(relation.GetChild(2), source, text);
                text.Append(')');
                return;
            case CelParser.CalcContext { op.Text: "+" } sum:
                text.Append(CelListAddition.FunctionName).Append('(');
                Append(sum.GetChild(0), source, text);
                text.Append(", ");
                Append(sum.GetChild(2), source, text);
                text.Append(')');
                return;
            case CelParser.MemberCallContext call when CelExpressions.NamespacedFunction(call) is { } function:
                text.Append(CelNamespacedCalls.Name(function));
                AppendChildren(call, source, text, first: 3);
                return;
            case ITerminalNode terminal:
                text.Append(terminal.Symbol.Type == TokenConstants.EOF ? "" : terminal.GetText());
                return;
        }

        AppendChildren(node, source, text, first: 0);
    }

    /// <summary>The children of <paramref name="node"/> from <paramref name="first"/> on, with the source's spaces between them.</summary>
    private static void AppendChildren(IParseTree node, string source, StringBuilder text, int first)
    {
        var previousStop = -1;
        for (var i = first; i < node.ChildCount; i++)
        {
            var child = node.GetChild(i);
            var span = child.SourceInterval;
            if (span.Length == 0)
            {
                continue;
            }

            var (start, stop) = Characters(child);
            if (previousStop >= 0 && start > previousStop + 1)
            {
                text.Append(source, previousStop + 1, start - previousStop - 1);
            }

            Append(child, source, text);
            previousStop = Math.Max(previousStop, stop);
        }
    }

    private static (int Start, int Stop) Characters(IParseTree node) => node switch
    {
        ITerminalNode terminal => (terminal.Symbol.StartIndex, terminal.Symbol.StopIndex),
        ParserRuleContext rule => (rule.Start.StartIndex, rule.Stop?.StopIndex ?? rule.Start.StartIndex - 1),
        _ => (-1, -1),
    };
}
