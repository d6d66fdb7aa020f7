using System.Text;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The part of cel-go's type checker that a CRD's rules meet, run when the CRD is written: a field a schema object does
/// not declare (<c>undefined field 'x'</c>, through <c>self</c>, <c>oldSelf</c>, <c>has()</c> and the variables of
/// <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c> and <c>filter</c>), a field selected from a scalar
/// (<c>type 'string' does not support field selection</c>), an operator or standard function given operands it has no
/// overload for (<c>found no matching overload for '_+_' applied to '(int, string)'</c>, as <see cref="CelOverloads"/>
/// decides), a function kube does not declare (<see cref="CelFunctions"/>), a non-bool operand of <c>&amp;&amp;</c> and
/// <c>||</c>, a list literal of mixed types, and a rule whose value is known not to be a bool. What this checker cannot type is <c>dyn</c>, and passes.
/// </summary>
internal sealed partial class RuleTypeChecker
{
    /// <summary>The identifiers that name types (<c>type(self.x) == int</c>); the scalars' are typed <c>type(int)</c>.</summary>
    private static readonly Dictionary<string, CelType> TypeNames = new(StringComparer.Ordinal)
    {
        ["bool"] = CelType.TypeOf(CelType.Bool), ["bytes"] = CelType.TypeOf(CelType.Bytes), ["double"] = CelType.TypeOf(CelType.Double),
        ["int"] = CelType.TypeOf(CelType.Int), ["uint"] = CelType.TypeOf(CelType.Uint), ["string"] = CelType.TypeOf(CelType.String),
        ["list"] = CelType.Dyn, ["map"] = CelType.Dyn, ["null_type"] = CelType.Dyn, ["type"] = CelType.Dyn, ["dyn"] = CelType.Dyn,
        ["optional_type"] = CelType.Dyn,
    };

    private readonly string _source;
    private readonly Dictionary<string, CelType> _variables;
    private readonly Dictionary<IParseTree, CelType> _types = [];
    private readonly List<(IToken At, string Message)> _errors = [];

    private RuleTypeChecker(string source, Dictionary<string, CelType> variables)
    {
        _source = source;
        _variables = variables;
    }

    /// <summary>Checks <paramref name="tree"/> (<paramref name="source"/> parsed) with <c>self</c> and <c>oldSelf</c> of <paramref name="self"/>'s type.</summary>
    public static CheckedRule Check(IParseTree tree, string source, CelType self, bool optionalOldSelf)
    {
        var checker = new RuleTypeChecker(source, new(StringComparer.Ordinal) { ["self"] = self, ["oldSelf"] = optionalOldSelf ? CelType.Optional(self) : self });
        var type = checker.TypeOf(tree);
        return new CheckedRule(checker._errors.Count == 0 ? null : checker.Report(), type, checker._types);
    }

    private CelType TypeOf(IParseTree? node)
    {
        if (node is null)
        {
            return CelType.Dyn;
        }

        var type = Infer(node);
        _types[node] = type;
        return type;
    }

    private CelType Infer(IParseTree node)
    {
        switch (node)
        {
            case CelParser.StartContext start:
                return TypeOf(start.e);
            case CelParser.ExprContext { op: not null } conditional:
                return Conditional(conditional);
            case CelParser.ExprContext expr:
                return TypeOf(expr.e);
            case CelParser.ConditionalOrContext or CelParser.ConditionalAndContext when node.ChildCount > 1:
                return Logical((ParserRuleContext)node);
            case CelParser.RelationContext { op: not null } relation:
                return Relation(relation);
            case CelParser.CalcContext { op: not null } calc:
                return Calc(calc);
            case CelParser.LogicalNotContext not:
                return Not(not);
            case CelParser.NegateContext negate:
                return Negate(negate);
            case CelParser.SelectContext select:
                return Select(TypeOf(select.member()), select.id, select.op, select.opt is not null);
            case CelParser.MemberCallContext call:
                return MemberCall(call);
            case CelParser.IndexContext index:
                return Index(index);
            case CelParser.IdentOrGlobalCallContext ident:
                return Ident(ident);
            case CelParser.NestedContext nested:
                return TypeOf(nested.e);
            case CelParser.CreateListContext list:
                return ListLiteral(list);
            case CelParser.CreateStructContext map:
                return MapLiteral(map);
            case CelParser.IntContext:
                return CelType.Int;
            case CelParser.UintContext:
                return CelType.Uint;
            case CelParser.DoubleContext:
                return CelType.Double;
            case CelParser.StringContext:
                return CelType.String;
            case CelParser.BytesContext:
                return CelType.Bytes;
            case CelParser.BoolTrueContext or CelParser.BoolFalseContext:
                return CelType.Bool;
            case CelParser.NullContext:
                return CelType.Null;
            case ITerminalNode:
                return CelType.Dyn;
            default:
                return node.ChildCount == 1 ? TypeOf(node.GetChild(0)) : Children(node);
        }
    }

    private CelType Children(IParseTree node)
    {
        for (var i = 0; i < node.ChildCount; i++)
        {
            TypeOf(node.GetChild(i));
        }

        return CelType.Dyn;
    }

    /// <summary>A field of an object or map; of an optional one, or with <c>.?</c>, an optional of it.</summary>
    private CelType Select(CelType target, IToken field, IToken at, bool optional) =>
        target.Kind == CelTypeKind.Optional ? OptionalOf(Select(target.Element!, field, at, optional: false))
        : optional ? OptionalOf(Select(target, field, at, optional: false))
        : Field(target, field, at);

    private static CelType OptionalOf(CelType type) => type.Kind == CelTypeKind.Error ? type : CelType.Optional(type);

    private CelType Field(CelType target, IToken field, IToken at)
    {
        switch (target.Kind)
        {
            case CelTypeKind.Object when target.Field(field.Text) is { } type:
                return type;
            case CelTypeKind.Object:
                return Fail(at, $"undefined field '{field.Text}'");
            case CelTypeKind.Map:
                return target.Element!;
            default:
                return target.ScalarName is { } name ? Fail(at, $"type '{name}' does not support field selection") : CelType.Dyn;
        }
    }

    private CelType ListLiteral(CelParser.CreateListContext list)
    {
        var elements = list.elems?._elems ?? [];
        CelType? first = null;
        foreach (var element in elements)
        {
            var type = TypeOf(element.e);
            if (element.opt is not null)
            {
                first = CelType.Dyn;
            }
            else if (first is null)
            {
                first = type;
            }
            else
            {
                Join(first, type, element.e);
            }
        }

        return new CelType(CelTypeKind.List, Element: first ?? CelType.Dyn);
    }

    /// <summary>A map literal: its keys of one type and its values of one type (kube's homogeneous aggregate literals).</summary>
    private CelType MapLiteral(CelParser.CreateStructContext map)
    {
        var entries = map.entries;
        if (entries is null)
        {
            return CelType.MapOf(CelType.Dyn, CelType.Dyn);
        }

        CelType? key = null;
        CelType? value = null;
        for (var i = 0; i < entries._keys.Count; i++)
        {
            var keyType = TypeOf(entries._keys[i].e);
            key = key is null ? keyType : Join(key, keyType, entries._keys[i].e);
            var valueType = TypeOf(entries._values[i]);
            value = entries._keys[i].opt is not null ? CelType.Dyn : value is null ? valueType : Join(value, valueType, entries._values[i]);
        }

        return CelType.MapOf(key ?? CelType.Dyn, value ?? CelType.Dyn);
    }

    /// <summary>
    /// The type a literal's elements so far have, with one more element's: an error where the two differ (strictly: types
    /// of different types too, <c>[int, string]</c>, which <c>==</c> would compare).
    /// </summary>
    private CelType Join(CelType expected, CelType found, IParseTree at)
    {
        if (expected.Name is not null && found.Name is not null && found.Name != expected.Name)
        {
            Fail(CelExpressions.Position(at), $"expected type '{expected.Name}' but found '{found.Name}'");
        }

        return expected;
    }

    private CelType Ident(CelParser.IdentOrGlobalCallContext ident)
    {
        if (ident.op is null)
        {
            return ident.leadingDot is not null ? CelType.Dyn
                : _variables.GetValueOrDefault(ident.id.Text) ?? TypeNames.GetValueOrDefault(ident.id.Text) ?? Undeclared(ident.id, ident.id.Text);
        }

        var args = ident.args?._e ?? [];
        if (ident.id.Text == "has" && args.Count == 1 && CelExpressions.Inner(args[0]) is CelParser.SelectContext field)
        {
            Select(TypeOf(field.member()), field.id, ident.op, field.opt is not null);
            return CelType.Bool;
        }

        return GlobalCall(ident.id.Text, ident.op, args.Select(TypeOf).ToArray());
    }

    private CelType Fail(IToken at, string message)
    {
        _errors.Add((at, message));
        return CelType.Error;
    }

    private CelType NoOverload(IToken at, string function, CelType? target, params CelType[] args) =>
        Fail(at, $"found no matching overload for '{function}' applied to '{CelOverloads.Signature(target, args)}'");

    /// <summary>cel-go's report: each error as <c>ERROR: &lt;input&gt;:line:column: message</c>, the line, a caret under the column; in source order.</summary>
    private string Report()
    {
        var lines = _source.Split('\n');
        var report = new StringBuilder();
        foreach (var (at, message) in _errors.OrderBy(e => e.At.StartIndex))
        {
            if (report.Length > 0)
            {
                report.Append('\n');
            }

            report.Append("ERROR: <input>:").Append(at.Line).Append(':').Append(at.Column + 1).Append(": ").Append(message)
                .Append("\n | ").Append(lines.ElementAtOrDefault(at.Line - 1) ?? "")
                .Append("\n | ").Append('.', at.Column).Append('^');
        }

        return report.ToString();
    }
}
