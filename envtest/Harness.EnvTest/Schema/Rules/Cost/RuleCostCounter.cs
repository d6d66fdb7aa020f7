using System.Collections;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel;
using Cel.Internal;
using Harness.EnvTest.Schema.Rules.Library;

namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>
/// The actual cost of one evaluation of a rule, as cel-go's cost tracker counts it in kube-apiserver (its program runs
/// with <c>OptOptimize</c> and <c>OptTrackCost</c>, presence tests free): 1 for each variable and each field or index
/// selected, nothing for a literal or a list or map literal of literals, 10 for making a list and 30 a map, each call's
/// cost with the actual sizes of its operands (<see cref="CallCost"/>), only the branches that run (<c>&amp;&amp;</c>,
/// <c>||</c>, <c>?:</c>), and a comprehension's loop condition and step per item until it stops early. Counting stops
/// with <see cref="CostLimitExceededException"/> as the cost passes the limit; it walks the parse tree, taking each node's
/// value from the <c>Cel</c> package's evaluation of its text, so the values are the evaluator's own.
/// </summary>
internal sealed partial class RuleCostCounter
{
    /// <summary>kube's limit on one evaluation (<c>PerCallLimit</c>).</summary>
    public const ulong PerCallLimit = 1_000_000;

    /// <summary>kube's budget for all evaluations of one request (<c>RuntimeCELCostBudget</c>).</summary>
    public const ulong RequestBudget = 10_000_000;

    private readonly string _source;
    private readonly Dictionary<string, object?> _variables;
    private readonly ulong _limit;
    private ulong _cost;

    private RuleCostCounter(string source, Dictionary<string, object?> variables, ulong limit)
    {
        _source = source;
        _variables = new Dictionary<string, object?>(variables, StringComparer.Ordinal);
        _limit = limit;
    }

    /// <summary>
    /// The cost of evaluating <paramref name="tree"/> (parsed from <paramref name="source"/>) with <paramref name="variables"/>,
    /// up to an evaluation error (which the rule's program then reports).
    /// </summary>
    /// <exception cref="CostLimitExceededException">The cost passes <paramref name="limit"/>.</exception>
    public static ulong Count(IParseTree tree, string source, Dictionary<string, object?> variables, ulong limit)
    {
        var counter = new RuleCostCounter(source, variables, limit);
        try
        {
            counter.Visit(tree);
        }
        catch (Exception e) when (e is CelException or ArgumentException or InvalidOperationException or InvalidCastException or KeyNotFoundException or IndexOutOfRangeException)
        {
            // cel-go stops at the error too, having counted what ran before it.
        }

        return counter._cost;
    }

    private void Add(ulong cost)
    {
        _cost = _cost > ulong.MaxValue - cost ? ulong.MaxValue : _cost + cost;
        if (_cost > _limit)
        {
            throw new CostLimitExceededException(_cost);
        }
    }

    private object? Visit(IParseTree node)
    {
        node = CelExpressions.Inner(node);
        switch (node)
        {
            case CelParser.ExprContext conditional:
                return Visit(conditional.e) switch
                {
                    true => Visit(conditional.e1),
                    false => Visit(conditional.e2),
                    _ => Value(node),
                };
            case CelParser.ConditionalOrContext or CelParser.ConditionalAndContext:
                return Logical(node, decisive: node is CelParser.ConditionalOrContext);
            case CelParser.RelationContext relation:
                return Relation(relation);
            case CelParser.CalcContext calc:
                var left = Visit(calc.GetChild(0));
                var right = Visit(calc.GetChild(2));
                Add(calc.op.Text == "+" && IsText(left) && IsText(right) ? Traverse(Size(left) + Size(right)) : 1);
                return Value(node);
            case CelParser.LogicalNotContext or CelParser.NegateContext:
                Visit(node.GetChild(node.ChildCount - 1));
                Add(1);
                return Value(node);
            case CelParser.SelectContext select:
                Visit(select.member());
                Add(1);
                return Value(node);
            case CelParser.IndexContext index:
                Visit(index.member());
                Visit(index.index);
                Add(1);
                return Value(node);
            case CelParser.BoolTrueContext or CelParser.BoolFalseContext:
                return node is CelParser.BoolTrueContext;
            case CelParser.MemberCallContext call:
                return MemberCall(call);
            case CelParser.IdentOrGlobalCallContext ident:
                return Ident(ident);
            case CelParser.CreateListContext list:
                VisitAll(list.elems?._elems.Select(e => (IParseTree)e.e) ?? []);
                Add(IsConstant(list) ? 0 : CelCostFactors.CreateList);
                return Value(node);
            case CelParser.CreateStructContext map:
                var entries = map.entries;
                VisitAll(entries is null ? [] : entries._keys.Select(k => (IParseTree)k.e).Concat(entries._values));
                Add(IsConstant(map) ? 0 : CelCostFactors.CreateMap);
                return Value(node);
            default:
                return Value(node);
        }
    }

    private void VisitAll(IEnumerable<IParseTree> nodes)
    {
        foreach (var node in nodes)
        {
            Visit(node);
        }
    }

    /// <summary><c>||</c> (<paramref name="decisive"/> true) or <c>&amp;&amp;</c>: terms in order until one is decisive; an error is kept while a later term may still decide.</summary>
    private object? Logical(IParseTree node, bool decisive)
    {
        Exception? error = null;
        for (var i = 0; i < node.ChildCount; i += 2)
        {
            try
            {
                if (Visit(node.GetChild(i)) is bool value && value == decisive)
                {
                    return decisive;
                }
            }
            catch (Exception e) when (e is not CostLimitExceededException)
            {
                error ??= e;
            }
        }

        return error is null ? !decisive : throw error;
    }

    private object? Relation(CelParser.RelationContext relation)
    {
        var left = Visit(relation.GetChild(0));
        var right = Visit(relation.GetChild(2));
        Add(relation.op.Text switch
        {
            "in" => right is IList list ? (ulong)list.Count : 1,
            "==" or "!=" => Traverse(Math.Min(Size(left), Size(right))),
            _ when IsText(left) && IsText(right) => Traverse(Math.Min(Size(left), Size(right))),
            _ => 1,
        });
        return Value(relation);
    }

    private object? Ident(CelParser.IdentOrGlobalCallContext ident)
    {
        if (ident.op is null)
        {
            Add(1);
            return _variables.TryGetValue(ident.id.Text, out var value) ? value : Value(ident);
        }

        var args = ident.args?._e ?? [];
        if (ident.id.Text == "has" && args.Count == 1 && CelExpressions.Inner(args[0]) is CelParser.SelectContext field)
        {
            Visit(field.member());
            return Value(ident);
        }

        var values = args.Select(Visit).ToArray();
        Add(CallCost(ident.id.Text, null, values));
        return Value(ident);
    }

    /// <summary>The value of <paramref name="node"/>, as the <c>Cel</c> package evaluates its text with the variables in scope.</summary>
    private object? Value(IParseTree node)
    {
        var text = node is ParserRuleContext rule && rule.Stop is { } stop && stop.StopIndex >= rule.Start.StartIndex
            ? _source.Substring(rule.Start.StartIndex, stop.StopIndex - rule.Start.StartIndex + 1)
            : node.GetText();
        var program = CelRuntime.Compile(text, out var error) ?? throw new InvalidOperationException(error);
        return program.Invoke(_variables);
    }

    /// <summary>Whether cel-go's planner folds the literal into a constant (every element a literal, at any depth).</summary>
    private static bool IsConstant(IParseTree node) => CelExpressions.Inner(node) switch
    {
        CelParser.CreateListContext list => list.elems?._elems.All(e => e.opt is null && IsConstant(e.e)) ?? true,
        CelParser.CreateStructContext map => map.entries is null || (map.entries._keys.All(k => k.opt is null && IsConstant(k.e)) && map.entries._values.All(IsConstant)),
        CelParser.IntContext or CelParser.UintContext or CelParser.DoubleContext or CelParser.StringContext or CelParser.BytesContext
            or CelParser.BoolTrueContext or CelParser.BoolFalseContext or CelParser.NullContext => true,
        _ => false,
    };

    /// <summary>
    /// cel-go's <c>actualSize</c>: a string's code points, bytes, a list's or map's entries, an IP's bytes, a CIDR's prefix
    /// bytes; 1 for anything else.
    /// </summary>
    private static ulong Size(object? value) => value switch
    {
        string text => (ulong)text.EnumerateRunes().Count(),
        CelIp ip => ip.IsV4 ? 4UL : 16UL,
        CelCidr cidr => (ulong)((cidr.Bits + 7) / 8),
        byte[] bytes => (ulong)bytes.Length,
        ICollection collection => (ulong)collection.Count,
        _ => 1,
    };

    private static bool IsText(object? value) => value is string or byte[];

    private static ulong Traverse(ulong size, double factor = CelCostFactors.StringTraversal) => (ulong)Math.Ceiling(size * factor);
}
