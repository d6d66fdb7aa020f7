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
}
