using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>The operators: conditional, logical, comparison, arithmetic, negation and index.</summary>
internal sealed partial class RuleTypeChecker
{
    private CelType Conditional(CelParser.ExprContext conditional)
    {
        var condition = TypeOf(conditional.e);
        var whenTrue = TypeOf(conditional.e1);
        var whenFalse = TypeOf(conditional.e2);
        var result = CelOverloads.Common(whenTrue, whenFalse);
        if (CelOverloads.Known(condition, whenTrue, whenFalse) && (condition.Kind != CelTypeKind.Bool || result is null))
        {
            return NoOverload(conditional.op, "_?_:_", null, condition, whenTrue, whenFalse);
        }

        return result?.Name is not null ? result : CelType.Dyn;
    }


    /// <summary>A chain of <c>&amp;&amp;</c> or <c>||</c>: each operand must be a bool.</summary>
    private CelType Logical(ParserRuleContext chain)
    {
        for (var i = 0; i < chain.ChildCount; i += 2)
        {
            var operand = chain.GetChild(i);
            RequireBool(operand, TypeOf(operand));
        }

        return CelType.Bool;
    }

    private void RequireBool(IParseTree operand, CelType type)
    {
        if (type.Name is { } name && type.Kind != CelTypeKind.Bool)
        {
            Fail(CelExpressions.Position(operand), $"expected type 'bool' but found '{name}'");
        }
    }

    private CelType Relation(CelParser.RelationContext relation)
    {
        var left = TypeOf(relation.GetChild(0));
        var right = TypeOf(relation.GetChild(2));
        var op = relation.op.Text;
        var result = op switch
        {
            "==" or "!=" => CelOverloads.Equality(left, right),
            "in" => CelOverloads.In(left, right),
            _ => CelOverloads.Ordering(left, right),
        };
        return result ?? NoOverload(relation.op, op == "in" ? "@in" : $"_{op}_", null, left, right);
    }

    private CelType Calc(CelParser.CalcContext calc)
    {
        var left = TypeOf(calc.GetChild(0));
        var right = TypeOf(calc.GetChild(2));
        return CelOverloads.Arithmetic(calc.op.Text, left, right) ?? NoOverload(calc.op, $"_{calc.op.Text}_", null, left, right);
    }

    private CelType Not(CelParser.LogicalNotContext not)
    {
        var operand = TypeOf(not.member());
        return not._ops.Count % 2 == 0 ? operand
            : operand.Name is null || operand.Kind == CelTypeKind.Bool ? CelType.Bool
            : NoOverload(not._ops[0], "!_", null, operand);
    }

    private CelType Negate(CelParser.NegateContext negate)
    {
        var operand = TypeOf(negate.member());
        return negate._ops.Count % 2 == 0 || operand.Kind is CelTypeKind.Int or CelTypeKind.Double ? operand
            : operand.Name is null ? CelType.Dyn
            : NoOverload(negate._ops[0], "-_", null, operand);
    }

    private CelType Index(CelParser.IndexContext index)
    {
        var target = TypeOf(index.member());
        var key = TypeOf(index.index);
        return target.Kind == CelTypeKind.Optional ? OptionalOf(Indexed(index, target.Element!, key))
            : index.opt is not null ? OptionalOf(Indexed(index, target, key))
            : Indexed(index, target, key);
    }

    private CelType Indexed(CelParser.IndexContext index, CelType target, CelType key) =>
        CelOverloads.Index(target, key) ?? NoOverload(index.op, "_[_]", null, target, key);
}
