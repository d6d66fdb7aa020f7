using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>
/// Calls: the comprehension macros, cel-go's costs of its string functions, and apiserver's of the Kubernetes library's
/// (string, list and regex functions); other calls cost 1. A call's cost adds its target's and arguments'.
/// </summary>
internal sealed partial class RuleCostEstimator
{
    private CostRange MemberCall(CelParser.MemberCallContext call)
    {
        var target = call.member();
        var args = call.args?._e ?? [];
        var name = call.id.Text;
        if (CelExpressions.Macro(name, args) is { } variable)
        {
            return Comprehension(call, name, target, variable, args);
        }

        if (CelExpressions.NamespacedFunction(call) is { } function)
        {
            return function == "ip.isCanonical" && args.Count == 1 ? Parse(args[0], 2 * CelCostFactors.StringTraversal) : Sum(args).Add(CostRange.Fixed(1));
        }

        var operands = Cost(target).Add(Sum(args));
        var (cost, size) = Function(name, target, args);
        if (size is { } result)
        {
            _sizes[call] = result;
        }

        return cost.Add(operands);
    }

    /// <summary>A method's own cost and, when known, its result's size.</summary>
    private (CostRange Cost, CostRange? Size) Function(string name, IParseTree target, IList<CelParser.ExprContext> args)
    {
        var size = Size(target);
        switch (name)
        {
            case "startsWith" or "endsWith" when args.Count == 1:
                return (Size(args[0]).Times(CelCostFactors.StringTraversal), null);
            case "contains" when args.Count == 1:
                return (size.Times(CelCostFactors.StringTraversal).Multiply(Size(args[0]).Times(CelCostFactors.StringTraversal)), null);
            case "matches" when args.Count == 1:
                return (Regex(size, args[0]), null);
            case "find" or "findAll" when args.Count >= 1:
                return (Regex(size, args[0]), new CostRange(0, size.Max));
            case "lowerAscii" or "upperAscii" or "substring" or "trim":
                return (size.Times(CelCostFactors.StringTraversal), size);
            case "replace" when args.Count >= 2:
                return (size.Times(2 * CelCostFactors.StringTraversal), Replaced(size, Size(args[0]), Size(args[1])));
            case "split":
                var pieces = args.Count > 1 && CelExpressions.Inner(args[1]) is CelParser.IntContext limit && ulong.TryParse(limit.GetText(), out var count) ? count : size.Max;
                return (size.Times(2 * CelCostFactors.StringTraversal), new CostRange(0, pieces));
            case "join":
                var joined = Joined(target, size, args.Count > 0 ? args[0] : null);
                return (joined.Times(CelCostFactors.StringTraversal), joined);
            case "isSorted" or "sum" or "max" or "min" or "indexOf" or "lastIndexOf" when TypeOf(target).Kind == CelTypeKind.List:
                var perItem = IsText(TypeOf(target).Element!) ? CostRange.Fixed(1).Add(ItemSize(target).Times(CelCostFactors.StringTraversal)) : CostRange.Fixed(1);
                return (size.Multiply(perItem), null);
            case "indexOf" or "lastIndexOf":
                return (size.Times(CelCostFactors.StringTraversal), null);
            case "containsIP" or "containsCIDR" when args.Count == 1:
                return (ContainsCost(name, args[0]), null);
            case "validate" when args.Count == 1:
                return (Size(args[0]).Times(CelCostFactors.StringTraversal).Times(MaxFormatRegexSize * CelCostFactors.RegexStringLength), null);
            default:
                return (CostRange.Fixed(1), null);
        }
    }

    /// <summary>apiserver's bound of a named format's regular expression, which <c>validate</c> is costed as matching.</summary>
    private const double MaxFormatRegexSize = 128;

    /// <summary>A library's parse of a string argument (<c>quantity(s)</c>, <c>ip.isCanonical(s)</c>): its characters at <paramref name="factor"/>, and the argument's own cost.</summary>
    private CostRange Parse(IParseTree text, double factor)
    {
        var cost = Cost(text);
        return Size(text).Times(factor).Add(cost);
    }

    /// <summary>
    /// apiserver's estimate of a CIDR's <c>containsIP</c>/<c>containsCIDR</c>: two addresses of 4 to 16 bytes compared,
    /// for a CIDR the prefix masked too (the bytes again and 1), and a string argument parsed.
    /// </summary>
    private CostRange ContainsCost(string name, IParseTree argument)
    {
        var bytes = new CostRange(4, 16);
        var cost = bytes.Add(bytes).Times(CelCostFactors.StringTraversal);
        if (name == "containsCIDR")
        {
            cost = cost.Add(bytes.Times(CelCostFactors.StringTraversal)).Add(CostRange.Fixed(1));
        }

        return TypeOf(argument).Kind == CelTypeKind.String ? cost.Add(Size(argument).Times(CelCostFactors.StringTraversal)) : cost;
    }

    /// <summary>Matching a regular expression: the string traversed once per (assumed) four characters of pattern.</summary>
    private CostRange Regex(CostRange text, IParseTree pattern) =>
        text.Add(CostRange.Fixed(1)).Times(CelCostFactors.StringTraversal).Multiply(Size(pattern).Times(CelCostFactors.RegexStringLength));

    /// <summary>apiserver's bounds of <c>replace</c>'s result: the most and fewest replacements, of the longest and shortest replacement.</summary>
    private static CostRange Replaced(CostRange text, CostRange replaced, CostRange replacement)
    {
        var most = Replacements(text.Max, replaced.Min, replacement.Max <= replaced.Min);
        var fewest = Replacements(text.Min, replaced.Max, replaced.Max <= replacement.Min);
        return new CostRange(fewest.Count, most.Count).Multiply(replacement).Add(new CostRange(fewest.Retained, most.Retained));
    }

    /// <summary>
    /// How often a text of <paramref name="length"/> has a part of <paramref name="partLength"/> replaced, and how much of
    /// it is counted as kept: an empty part surrounds every character; a replacement no longer (or shorter) than the part
    /// keeps the text's length.
    /// </summary>
    private static (ulong Count, ulong Retained) Replacements(ulong length, ulong partLength, bool keepsLength) =>
        partLength == 0 ? (length < ulong.MaxValue ? length + 1 : length, length)
        : keepsLength ? (0, length)
        : ((ulong)Math.Ceiling((double)length / partLength), 0);

    /// <summary>apiserver's bound of <c>join</c>'s result: every item at its longest, and a separator between each two.</summary>
    private CostRange Joined(IParseTree list, CostRange items, IParseTree? separator)
    {
        var joined = TypeOf(list).Kind == CelTypeKind.List ? items.Multiply(ItemSize(list)) : CostRange.Zero;
        if (separator is null)
        {
            return joined;
        }

        var separators = new CostRange(items.Min > 0 ? items.Min - 1 : 0, items.Max > 0 ? items.Max - 1 : 0);
        return joined.Add(Size(separator).Multiply(separators));
    }

    /// <summary>The size of a list's items, from the schema along the list's path, else unbounded.</summary>
    private CostRange ItemSize(IParseTree list) => Path(list) is { } path ? AlongPath([.. path, "@items"]) ?? CostRange.Unknown : CostRange.Unknown;

    /// <summary>
    /// A macro, as cel-go expands it into a comprehension: the range, the accumulator's start, the result, and per item
    /// the loop condition and step (<c>all</c>: <c>@not_strictly_false(r)</c>, <c>r &amp;&amp; p</c>; <c>exists</c>:
    /// <c>@not_strictly_false(!r)</c>, <c>r || p</c>; <c>exists_one</c>: <c>p ? r + 1 : r</c>, then <c>r == 1</c>;
    /// <c>map</c>: <c>r + [f]</c>; <c>filter</c>: <c>p ? r + [x] : r</c>). Its variable's path is the range's and
    /// <c>@items</c> (a list) or <c>@keys</c>.
    /// </summary>
    private CostRange Comprehension(CelParser.MemberCallContext call, string name, IParseTree target, string variable, IList<CelParser.ExprContext> args)
    {
        var range = Cost(target);
        var path = (string[])[.. Path(target) ?? [], TypeOf(target).Kind == CelTypeKind.List ? "@items" : "@keys"];
        if (!_iterationVariables.TryGetValue(variable, out var scopes))
        {
            _iterationVariables[variable] = scopes = new Stack<string[]>();
        }

        scopes.Push(path);
        var first = Cost(args[1]);
        var transform = args.Count == 3 ? Cost(args[2]) : first;
        scopes.Pop();
        var appended = CostRange.Fixed(2 + CelCostFactors.CreateList);
        var (start, condition, step, result) = name switch
        {
            "all" => (0UL, 2UL, CostRange.Fixed(1).Add(first), 1UL),
            "exists" => (0UL, 3UL, CostRange.Fixed(1).Add(first), 1UL),
            "exists_one" => (0UL, 0UL, first.Add(CostRange.Fixed(2)), 2UL),
            "map" when args.Count == 3 => (CelCostFactors.CreateList, 0UL, first.Add(appended.Add(transform).Union(CostRange.Fixed(1))), 1UL),
            "map" => (CelCostFactors.CreateList, 0UL, appended.Add(first), 1UL),
            _ => (CelCostFactors.CreateList, 0UL, first.Add(appended.Add(CostRange.Fixed(1))), 1UL),
        };
        var items = Size(target);
        _sizes[call] = name is "map" or "filter" ? items : CostRange.Fixed(1);
        return range.Add(CostRange.Fixed(start + result)).Add(items.Multiply(CostRange.Fixed(condition).Add(step)));
    }
}
