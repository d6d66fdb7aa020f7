using System.Collections;
using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>Calls: the comprehension macros as cel-go expands them, and each function's cost with its operands' actual sizes.</summary>
internal sealed partial class RuleCostCounter
{
    private object? MemberCall(CelParser.MemberCallContext call)
    {
        var args = call.args?._e ?? [];
        var name = call.id.Text;
        if (CelExpressions.Macro(name, args) is { } variable)
        {
            return Comprehension(call, name, variable, args);
        }

        var target = CelExpressions.Inner(call.member()) is CelParser.IdentOrGlobalCallContext { op: null } ident && !_variables.ContainsKey(ident.id.Text)
            ? null
            : Visit(call.member());
        var values = args.Select(Visit).ToArray();
        Add(CallCost(CelExpressions.NamespacedFunction(call) ?? name, target, values));
        return Value(call);
    }

    /// <summary>
    /// A macro's comprehension, item by item: <c>all</c> checks <c>@not_strictly_false(r)</c> (2) and steps <c>r &amp;&amp; p</c>
    /// (1 and the predicate while r holds), <c>exists</c> checks <c>@not_strictly_false(!r)</c> (3) and steps <c>r || p</c>;
    /// <c>exists_one</c> steps <c>p ? r + 1 : r</c> and ends <c>r == 1</c> (2); <c>map</c> steps <c>r + [f]</c> and
    /// <c>filter</c> <c>p ? r + [x] : r</c>; the others end reading r (1). An error in a predicate stops the count.
    /// </summary>
    private object? Comprehension(CelParser.MemberCallContext call, string name, string variable, IList<CelParser.ExprContext> args)
    {
        var range = Visit(call.member());
        var items = range switch
        {
            IList list => list.Cast<object?>().ToList(),
            IDictionary map => map.Keys.Cast<object?>().ToList(),
            _ => null,
        };
        if (items is null)
        {
            return Value(call);
        }

        var shadowed = _variables.TryGetValue(variable, out var outer);
        var result = name switch
        {
            "all" => Quantifier(items, variable, args[1], all: true),
            "exists" => Quantifier(items, variable, args[1], all: false),
            "exists_one" => ExistsOne(items, variable, args[1]),
            _ => Collect(items, variable, name == "map" && args.Count == 2 ? null : args[1], name == "filter" ? null : args[^1]),
        };
        if (shadowed)
        {
            _variables[variable] = outer;
        }
        else
        {
            _variables.Remove(variable);
        }

        Add(name == "exists_one" ? 2UL : 1UL);
        return result;
    }

    private bool Quantifier(List<object?> items, string variable, IParseTree predicate, bool all)
    {
        var result = all;
        foreach (var item in items)
        {
            Add(all ? 2UL : 3UL);
            if (result != all)
            {
                break;
            }

            Add(1);
            _variables[variable] = item;
            result = Visit(predicate) is bool value ? value : throw new InvalidCastException("a predicate that is not a bool");
        }

        return result;
    }

    private object? ExistsOne(List<object?> items, string variable, IParseTree predicate)
    {
        var count = 0;
        foreach (var item in items)
        {
            _variables[variable] = item;
            var matched = Visit(predicate) is true;
            Add(matched ? 2UL : 1UL);
            count += matched ? 1 : 0;
        }

        return count == 1;
    }

    /// <summary><c>map</c> (with or without a <paramref name="predicate"/>) and <c>filter</c> (no <paramref name="transform"/>: the item is kept).</summary>
    private object? Collect(List<object?> items, string variable, IParseTree? predicate, IParseTree? transform)
    {
        var results = new List<object?>();
        foreach (var item in items)
        {
            _variables[variable] = item;
            if (predicate is not null && Visit(predicate) is not true)
            {
                Add(1);
                continue;
            }

            var value = transform is null ? item : Visit(transform);
            Add(2 + (transform is not null && IsConstant(transform) ? 0 : CelCostFactors.CreateList) + (transform is null ? 1UL : 0));
            results.Add(value);
        }

        return results.ToArray();
    }

    /// <summary>
    /// What a call itself costs (cel-go's <c>costCall</c> and apiserver's library costs), given its target and arguments:
    /// string work per code point at 0.1, regular expressions at 0.25 per pattern character times the text, list
    /// functions per item, <c>in</c> a list its size, everything else 1.
    /// </summary>
    private static ulong CallCost(string name, object? target, object?[] args)
    {
        var operands = target is null ? args : [target, .. args];
        var first = operands.Length > 0 ? operands[0] : null;
        return (name, operands.Length) switch
        {
            ("startsWith" or "endsWith", 2) => Traverse(Size(operands[1])),
            ("contains", 2) => Traverse(Size(first)) * Traverse(Size(operands[1])),
            ("matches" or "find" or "findAll", >= 2) => Traverse(1 + Size(first)) * Traverse(Size(operands[1]), CelCostFactors.RegexStringLength),
            ("lowerAscii" or "upperAscii" or "substring" or "trim" or "indexOf" or "lastIndexOf", _) when first is string text => Traverse(Size(text)),
            ("replace" or "split", _) when first is string text => Traverse(Size(text), 2 * CelCostFactors.StringTraversal),
            ("join", _) when first is IList list => Traverse(list.Cast<object?>().Aggregate(0UL, (sum, item) => sum + Size(item)) + (args.Length > 0 ? Size(args[0]) * (ulong)Math.Max(list.Count - 1, 0) : 0)),
            ("isSorted" or "sum" or "max" or "min" or "indexOf" or "lastIndexOf", _) when first is IList list =>
                list.Cast<object?>().Aggregate(0UL, (sum, item) => sum + 1 + (IsText(item) ? Traverse(Size(item)) : 0)),
            ("string" or "bytes", 1) when IsText(first) => Traverse(Size(first)),
            ("url" or "cidr" or "isIP" or "isCIDR" or "ip" or "quantity" or "isQuantity", 1) when first is string text => Traverse(Size(text)),
            ("ip.isCanonical", 1) when first is string text => Traverse(Size(text), 2 * CelCostFactors.StringTraversal),
            ("containsIP" or "containsCIDR", 2) => ContainsCost(name, Size(first), operands[1]),
            _ => 1,
        };
    }

    /// <summary>apiserver's <c>containsIP</c>/<c>containsCIDR</c>: the prefix's bytes twice, a CIDR's once more and 1, a string argument's parse.</summary>
    private static ulong ContainsCost(string name, ulong prefixBytes, object? argument) =>
        Traverse(2 * prefixBytes) + (name == "containsCIDR" ? Traverse(prefixBytes) + 1 : 0) + (argument is string text ? Traverse(Size(text)) : 0);
}
