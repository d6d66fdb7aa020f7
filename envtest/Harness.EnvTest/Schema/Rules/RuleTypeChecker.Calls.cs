using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>Calls: the comprehension macros, and the functions whose overloads or result types the checker knows.</summary>
internal sealed partial class RuleTypeChecker
{
    private CelType MemberCall(CelParser.MemberCallContext call)
    {
        var args = call.args?._e ?? [];
        var name = call.id.Text;
        if (CelExpressions.NamespacedFunction(call) is { } qualified)
        {
            return LibraryCall(call.open, qualified, args.Select(TypeOf).ToArray()) ?? CelType.Dyn;
        }

        var target = TypeOf(call.member());
        if (CelExpressions.MacroNames.Contains(name))
        {
            if (CelExpressions.Macro(name, args) is { } variable)
            {
                return Comprehension(call, name, target, variable, args);
            }

            Array.ForEach([.. args], arg => TypeOf(arg));
            return args.Count == 2 || (args.Count == 3 && name == "map") ? CelType.Dyn : Undeclared(call.open, name);
        }

        var types = args.Select(TypeOf).ToArray();
        return !CelFunctions.IsDeclared(name) ? Undeclared(call.open, name)
            : target.Kind == CelTypeKind.Error ? CelType.Error
            : CelOverloads.Method(name, target, types) ?? NoOverload(call.open, name, target, types);
    }

    private CelType Undeclared(IToken at, string name) => Fail(at, $"undeclared reference to '{name}' (in container '')");

    private CelType GlobalCall(string name, IToken at, CelType[] args) => name switch
    {
        _ when !CelFunctions.IsDeclared(name) => Undeclared(at, name),
        "size" => args is [var value] && CelOverloads.Size(value) is { } size ? size : Unmatched(at, name, null, args),
        "type" => args is [var value] ? CelType.TypeOf(value) : CelType.Dyn,
        "matches" => args is [var text, var pattern] ? CelOverloads.Method(name, text, [pattern]) ?? NoOverload(at, name, null, args) : CelType.Dyn,
        _ when LibraryCall(at, name, args) is { } result => result,
        _ => args is [var value] ? CelOverloads.Conversion(name, value) ?? NoOverload(at, name, null, args) : CelType.Dyn,
    };

    /// <summary>A function of <see cref="CelLibraryOverloads"/>: its result, or its error when no overload matches; null for another function.</summary>
    private CelType? LibraryCall(IToken at, string name, CelType[] args) =>
        CelLibraryOverloads.Function(name, args) is not { } overload ? null
        : overload.Matches || !CelOverloads.Known(args) ? overload.Result
        : NoOverload(at, name, null, args);

    /// <summary>A call with no overload, reported only when every operand is known.</summary>
    private CelType Unmatched(IToken at, string name, CelType? target, CelType[] args) =>
        CelOverloads.Known([.. target is null ? [] : new[] { target }, .. args]) ? NoOverload(at, name, target, args) : CelType.Dyn;

    /// <summary>
    /// A macro over a list's elements or a map's keys, with its variable bound to their type; its predicate must be a bool
    /// (<c>all</c> and <c>exists</c> join it with <c>&amp;&amp;</c> and <c>||</c>, <c>exists_one</c> and <c>filter</c>
    /// make it a conditional's condition).
    /// </summary>
    private CelType Comprehension(CelParser.MemberCallContext call, string name, CelType target, string variable, IList<CelParser.ExprContext> args)
    {
        var element = target.Kind switch
        {
            CelTypeKind.List => target.Element!,
            CelTypeKind.Map => target.KeyType,
            _ when target.Name is { } range => Fail(CelExpressions.Position(call.member()), $"expression of type '{range}' cannot be range of a comprehension (must be list, map, or dynamic)"),
            _ => CelType.Dyn,
        };
        var shadowed = _variables.GetValueOrDefault(variable);
        _variables[variable] = element;
        var first = TypeOf(args[1]);
        var transform = args.Count == 3 ? TypeOf(args[2]) : first;
        Restore(variable, shadowed);
        var mapped = new CelType(CelTypeKind.List, Element: name == "map" ? transform : element);
        switch (name)
        {
            case "all" or "exists":
                RequireBool(args[1], first);
                return CelType.Bool;
            case "exists_one" when CelOverloads.Known(first) && first.Kind != CelTypeKind.Bool:
                NoOverload(call.open, "_?_:_", null, first, CelType.Int, CelType.Int);
                return CelType.Bool;
            case "filter" or "map" when (name == "filter" || args.Count == 3) && CelOverloads.Known(first, mapped) && first.Kind != CelTypeKind.Bool:
                NoOverload(call.open, "_?_:_", null, first, mapped, mapped);
                return mapped;
            case "exists_one":
                return CelType.Bool;
            default:
                return name == "filter" && target.Kind != CelTypeKind.List ? CelType.Dyn : mapped;
        }
    }

    private void Restore(string variable, CelType? shadowed)
    {
        if (shadowed is null)
        {
            _variables.Remove(variable);
        }
        else
        {
            _variables[variable] = shadowed;
        }
    }
}
