using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The expressions of a parse tree as cel-go's AST has them: without the grammar's single-child layers and parentheses,
/// each at the token cel-go's parser places it (an operator, the <c>.</c> of a field selection, the <c>(</c> of a call).
/// </summary>
internal static class CelExpressions
{
    /// <summary>The comprehension macros.</summary>
    public static readonly HashSet<string> MacroNames = new(StringComparer.Ordinal) { "all", "exists", "exists_one", "map", "filter" };

    /// <summary>The expression <paramref name="node"/> consists of, past the layers that add nothing.</summary>
    public static IParseTree Inner(IParseTree node)
    {
        while (true)
        {
            IParseTree? next = node switch
            {
                CelParser.StartContext start => start.e,
                CelParser.ExprContext { op: null } expr => expr.e,
                CelParser.ConditionalOrContext { ChildCount: 1 } or CelParser.ConditionalAndContext { ChildCount: 1 }
                    or CelParser.RelationContext { ChildCount: 1 } or CelParser.CalcContext { ChildCount: 1 } => node.GetChild(0),
                CelParser.MemberExprContext member => member.member(),
                CelParser.PrimaryExprContext primary => primary.primary(),
                CelParser.ConstantLiteralContext literal => literal.literal(),
                CelParser.NestedContext nested => nested.e,
                CelParser.LogicalNotContext { _ops.Count: var nots } not when nots % 2 == 0 => not.member(),
                CelParser.NegateContext { _ops.Count: var negations } negate when negations % 2 == 0 => negate.member(),
                _ => null,
            };
            if (next is null)
            {
                return node;
            }

            node = next;
        }
    }

    /// <summary>
    /// The variable of a comprehension macro call (<c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>filter</c> with a
    /// variable and a predicate, <c>map</c> with a variable, an optional predicate and a transform), or null when the call
    /// is not in a macro's form.
    /// </summary>
    public static string? Macro(string name, IList<CelParser.ExprContext> args) =>
        MacroNames.Contains(name) && (args.Count == 2 || (args.Count == 3 && name == "map")) && Inner(args[0]) is CelParser.IdentOrGlobalCallContext { op: null, leadingDot: null } variable
            ? variable.id.Text
            : null;

    /// <summary>The token where cel-go locates <paramref name="node"/> (its errors' line and column).</summary>
    public static IToken Position(IParseTree node) => Inner(node) switch
    {
        (CelParser.ConditionalOrContext or CelParser.ConditionalAndContext) and var chain => ((ITerminalNode)chain.GetChild(1)).Symbol,
        CelParser.ExprContext expr => expr.op,
        CelParser.RelationContext relation => relation.op,
        CelParser.CalcContext calc => calc.op,
        CelParser.LogicalNotContext not => not._ops[0],
        CelParser.NegateContext negate => negate._ops[0],
        CelParser.SelectContext select => select.op,
        CelParser.MemberCallContext call => call.open,
        CelParser.IndexContext index => index.op,
        CelParser.IdentOrGlobalCallContext ident => ident.op ?? ident.id,
        CelParser.CreateListContext list => list.op,
        CelParser.CreateStructContext map => map.op,
        CelParser.CreateMessageContext message => message.op,
        ParserRuleContext rule => rule.Start,
        ITerminalNode terminal => terminal.Symbol,
        _ => throw new ArgumentException("not a CEL expression", nameof(node)),
    };

    /// <summary>
    /// The declared function a member call names by its target's qualified name (<c>optional.of(x)</c>,
    /// <c>format.dns1123Label()</c>, <c>ip.isCanonical(s)</c>), which cel-go tries before a method; null for a method call.
    /// </summary>
    public static string? NamespacedFunction(CelParser.MemberCallContext call) =>
        QualifiedName(call.member()) is { } target && CelFunctions.IsDeclared(target + "." + call.id.Text) ? target + "." + call.id.Text : null;

    /// <summary>The name a call's target spells when it is an identifier or a selection of one (<c>optional</c>, <c>a.b</c>).</summary>
    private static string? QualifiedName(IParseTree node) => Inner(node) switch
    {
        CelParser.IdentOrGlobalCallContext { op: null, leadingDot: null } ident => ident.id.Text,
        CelParser.SelectContext { opt: null } select when QualifiedName(select.member()) is { } operand => operand + "." + select.id.Text,
        _ => null,
    };
}
