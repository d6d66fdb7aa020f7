using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>
/// cel-go's worst-case cost estimate of a checked expression, with the sizes apiextensions-apiserver gives it: 0 for a
/// literal, 1 for a variable and for selecting a field of an object or map, 10 to make a list and 30 a map, 1 for most
/// calls, and for string, list and comprehension work a cost in proportion to the sizes involved. A value's size comes
/// from its literal, from what a call is known to make, or from the schema along its path from <c>self</c> (field names,
/// <c>@items</c>, <c>@values</c>, <c>@keys</c>), through <see cref="SchemaSizes"/>.
/// </summary>
internal sealed partial class RuleCostEstimator
{
    private readonly CheckedRule _checked;
    private readonly CelType _root;
    private readonly Dictionary<IParseTree, string[]> _paths = [];
    private readonly Dictionary<IParseTree, CostRange> _sizes = [];
    private readonly Dictionary<string, Stack<string[]>> _iterationVariables = new(StringComparer.Ordinal);

    private RuleCostEstimator(CheckedRule checkedRule, CelType root)
    {
        _checked = checkedRule;
        _root = root;
    }

    /// <summary>The most <paramref name="tree"/> (type-checked as <paramref name="checkedRule"/>, with <c>self</c> of type <paramref name="self"/>) can cost in one evaluation.</summary>
    public static ulong MaxCost(IParseTree tree, CheckedRule checkedRule, CelType self) => new RuleCostEstimator(checkedRule, self).Cost(tree).Max;

    private CostRange Cost(IParseTree node)
    {
        node = CelExpressions.Inner(node);
        switch (node)
        {
            case CelParser.ExprContext conditional:
                _sizes[node] = Size(conditional.e1).Union(Size(conditional.e2));
                return Cost(conditional.e).Add(Cost(conditional.e1).Union(Cost(conditional.e2)));
            case CelParser.ConditionalOrContext or CelParser.ConditionalAndContext:
                var first = Cost(node.GetChild(0));
                var rest = CostRange.Zero;
                for (var i = 2; i < node.ChildCount; i += 2)
                {
                    rest = rest.Add(Cost(node.GetChild(i)));
                }

                return new CostRange(first.Min, first.Add(rest).Max);
            case CelParser.RelationContext relation:
                return Relation(relation);
            case CelParser.CalcContext calc:
                return Calc(calc);
            case CelParser.LogicalNotContext not:
                return CostRange.Fixed(1).Add(Cost(not.member()));
            case CelParser.NegateContext negate:
                return CostRange.Fixed(1).Add(Cost(negate.member()));
            case CelParser.SelectContext select:
                var operand = Cost(select.member());
                _paths[node] = [.. Path(select.member()) ?? [], select.id.Text];
                return select.opt is null && TypeOf(select.member()).Kind is CelTypeKind.Object or CelTypeKind.Map ? operand.Add(CostRange.Fixed(1)) : operand;
            case CelParser.MemberCallContext call:
                return MemberCall(call);
            case CelParser.IndexContext index:
                return Index(index);
            case CelParser.IdentOrGlobalCallContext ident:
                return Ident(ident);
            case CelParser.CreateListContext list:
                return Sum(list.elems?._elems.Select(e => e.e) ?? []).Add(CostRange.Fixed(CelCostFactors.CreateList));
            case CelParser.CreateStructContext map:
                var entries = map.entries;
                return Sum(entries is null ? [] : entries._keys.Select(k => (IParseTree)k.e).Concat(entries._values)).Add(CostRange.Fixed(CelCostFactors.CreateMap));
            case CelParser.CreateMessageContext message:
                return Sum(message.entries?._values ?? []).Add(CostRange.Fixed(CelCostFactors.CreateMessage));
            default:
                return CostRange.Zero;
        }
    }

    private CostRange Sum(IEnumerable<IParseTree> nodes) => nodes.Aggregate(CostRange.Zero, (sum, node) => sum.Add(Cost(node)));

    private CostRange Relation(CelParser.RelationContext relation)
    {
        var left = relation.GetChild(0);
        var right = relation.GetChild(2);
        var operands = Cost(left).Add(Cost(right));
        return relation.op.Text switch
        {
            "==" => Comparison(left, right).Add(operands),
            "!=" when TypeOf(left).Kind == CelTypeKind.Opaque || TypeOf(right).Kind == CelTypeKind.Opaque => CostRange.Unknown.Times(CelCostFactors.StringTraversal).Add(operands),
            "!=" => Comparison(left, right).Add(operands),
            "in" when TypeOf(right).Kind == CelTypeKind.List => Size(right).Add(operands),
            "in" => CostRange.Fixed(1).Add(operands),
            _ when IsText(TypeOf(left)) || IsText(TypeOf(right)) => Comparison(left, right).Add(operands),
            _ => CostRange.Fixed(1).Add(operands),
        };
    }

    /// <summary>Comparing two values: the shorter one's length traversed (0 or 1 for scalars, whose size is 0 or 1).</summary>
    private CostRange Comparison(IParseTree left, IParseTree right)
    {
        var smallestMax = Math.Min(Size(left).Max, Size(right).Max);
        return new CostRange(smallestMax > 0 ? 1UL : 0UL, smallestMax).Times(CelCostFactors.StringTraversal);
    }

    private CostRange Calc(CelParser.CalcContext calc)
    {
        var left = calc.GetChild(0);
        var right = calc.GetChild(2);
        var operands = Cost(left).Add(Cost(right));
        if (calc.op.Text != "+")
        {
            return CostRange.Fixed(1).Add(operands);
        }

        var kind = TypeOf(left).Kind == CelTypeKind.Dyn ? TypeOf(right).Kind : TypeOf(left).Kind;
        var size = Size(left).Add(Size(right));
        switch (kind)
        {
            case CelTypeKind.String or CelTypeKind.Bytes or CelTypeKind.Dyn:
                _sizes[calc] = size;
                return size.Times(CelCostFactors.StringTraversal).Add(operands);
            case CelTypeKind.List:
                _sizes[calc] = size;
                return CostRange.Fixed(1).Add(operands);
            default:
                return CostRange.Fixed(1).Add(operands);
        }
    }

    private CostRange Index(CelParser.IndexContext index)
    {
        var cost = CostRange.Fixed(1).Add(Cost(index.member())).Add(Cost(index.index));
        var part = TypeOf(index.member()).Kind switch
        {
            CelTypeKind.List => "@items",
            CelTypeKind.Map => "@values",
            _ => null,
        };
        if (part is not null)
        {
            _paths[index] = [.. Path(index.member()) ?? [], part];
        }

        return cost;
    }

    private CostRange Ident(CelParser.IdentOrGlobalCallContext ident)
    {
        if (ident.op is null)
        {
            return CostRange.Fixed(1);
        }

        var args = ident.args?._e ?? [];
        switch (ident.id.Text)
        {
            case "has" when args.Count == 1 && CelExpressions.Inner(args[0]) is CelParser.SelectContext field:
                return Cost(field.member());
            case "url" or "quantity" or "isQuantity" or "ip" or "isIP" or "cidr" or "isCIDR" when args.Count == 1:
                return Parse(args[0], CelCostFactors.StringTraversal);
            case "dyn" when args.Count == 1:
                if (Known(args[0]) is { } size)
                {
                    _sizes[ident] = size;
                }

                return CostRange.Fixed(1).Add(Cost(args[0]));
            default:
                return Sum(args).Add(CostRange.Fixed(1));
        }
    }

    private CelType TypeOf(IParseTree node) =>
        _checked.Types.GetValueOrDefault(node) ?? _checked.Types.GetValueOrDefault(CelExpressions.Inner(node)) ?? CelType.Dyn;

    private static bool IsText(CelType type) => type.Kind is CelTypeKind.String or CelTypeKind.Bytes;

    /// <summary>The path of <paramref name="node"/> from a variable, or null when it has none.</summary>
    private string[]? Path(IParseTree node)
    {
        node = CelExpressions.Inner(node);
        if (node is CelParser.IdentOrGlobalCallContext { op: null } ident)
        {
            return _iterationVariables.TryGetValue(ident.id.Text, out var scopes) && scopes.Count > 0 ? scopes.Peek() : [ident.id.Text];
        }

        return _paths.GetValueOrDefault(node);
    }

    /// <summary>
    /// How large <paramref name="node"/>'s value can be: known, or 1 for a scalar or a library's value (a quantity, an IP),
    /// or unbounded. kube sizes a library's value so for <c>==</c> only: its estimate of <c>!=</c> of one is unbounded.
    /// </summary>
    private CostRange Size(IParseTree node) =>
        Known(node) ?? (TypeOf(node).Kind is CelTypeKind.Bool or CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.Opaque ? CostRange.Fixed(1) : CostRange.Unknown);

    /// <summary>The size of <paramref name="node"/> as a literal, a computed result or the schema along its path gives it, or null.</summary>
    private CostRange? Known(IParseTree node)
    {
        node = CelExpressions.Inner(node);
        if (_sizes.TryGetValue(node, out var size))
        {
            return size;
        }

        return node switch
        {
            CelParser.StringContext text => CostRange.Fixed(CelLiterals.Length(text.tok.Text)),
            CelParser.BytesContext bytes => CostRange.Fixed(CelLiterals.Length(bytes.tok.Text)),
            CelParser.IntContext or CelParser.UintContext or CelParser.DoubleContext or CelParser.BoolTrueContext or CelParser.BoolFalseContext or CelParser.NullContext => CostRange.Fixed(1),
            CelParser.CreateListContext list => CostRange.Fixed((ulong)(list.elems?._elems.Count ?? 0)),
            CelParser.CreateStructContext map => CostRange.Fixed((ulong)(map.entries?._keys.Count ?? 0)),
            _ => Path(node) is { Length: > 0 } path ? AlongPath(path) : null,
        };
    }

    /// <summary>kube's size estimate for a path: from <c>self</c>'s type (whatever the path's first element), through fields, items, values and keys.</summary>
    private CostRange? AlongPath(string[] path)
    {
        var type = _root;
        foreach (var part in path.Skip(1))
        {
            CelType? next = part switch
            {
                "@items" or "@values" => type.Kind is CelTypeKind.List or CelTypeKind.Map ? type.Element : null,
                "@keys" => type.Kind == CelTypeKind.Map ? CelType.String : null,
                _ => type.Kind == CelTypeKind.Object ? type.Field(part) : null,
            };
            if (next is null)
            {
                return null;
            }

            type = next;
        }

        var max = type.Node is null ? type.Kind == CelTypeKind.Dyn ? null : 0 : SchemaSizes.MaxElements(type.Node);
        return max is { } elements ? new CostRange(0, elements) : null;
    }
}
