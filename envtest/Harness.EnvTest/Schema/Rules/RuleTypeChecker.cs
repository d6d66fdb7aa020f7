using System.Text;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The part of cel-go's type checker that a CRD's rules meet most, run when the CRD is written: a field a schema object
/// does not declare (<c>undefined field 'x'</c>, through <c>self</c>, <c>oldSelf</c>, <c>has()</c> and the variables of
/// <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c> and <c>filter</c>), a field selected from a scalar
/// (<c>type 'string' does not support field selection</c>), a comparison of two different scalar types (<c>found no matching
/// overload for '_==_' applied to '(string, int)'</c>), and a rule whose value is known not to be a bool. Other operators'
/// and functions' overloads are not checked: what this checker cannot type is <c>dyn</c>, and passes.
/// </summary>
internal sealed class RuleTypeChecker
{
    private static readonly HashSet<string> Comprehensions = new(StringComparer.Ordinal) { "all", "exists", "exists_one", "map", "filter" };

    private readonly string _source;
    private readonly Dictionary<string, CelType> _variables;
    private readonly List<(IToken At, string Message)> _errors = [];

    private RuleTypeChecker(string source, Dictionary<string, CelType> variables)
    {
        _source = source;
        _variables = variables;
    }

    /// <summary>
    /// Checks <paramref name="tree"/> (<paramref name="source"/> parsed) with <c>self</c> and <c>oldSelf</c> of <paramref name="self"/>'s type;
    /// returns cel-go's error report, or null and the expression's type.
    /// </summary>
    public static string? Check(IParseTree tree, string source, CelType self, bool optionalOldSelf, out CelType type)
    {
        var checker = new RuleTypeChecker(source, new(StringComparer.Ordinal) { ["self"] = self, ["oldSelf"] = optionalOldSelf ? CelType.Dyn : self });
        type = checker.TypeOf(tree);
        return checker._errors.Count == 0 ? null : checker.Report();
    }

    /// <summary>Whether <paramref name="type"/> is known and not a bool (a rule's value must be one).</summary>
    public static bool IsKnownNonBool(CelType type) => type.Kind is not (CelTypeKind.Dyn or CelTypeKind.Error or CelTypeKind.Bool);

    private CelType TypeOf(IParseTree? node)
    {
        switch (node)
        {
            case null:
                return CelType.Dyn;
            case CelParser.StartContext start:
                return TypeOf(start.e);
            case CelParser.ExprContext { op: not null } conditional:
                TypeOf(conditional.e);
                TypeOf(conditional.e1);
                TypeOf(conditional.e2);
                return CelType.Dyn;
            case CelParser.ExprContext expr:
                return TypeOf(expr.e);
            case CelParser.RelationContext { op.Text: "==" or "!=" or "<" or "<=" or ">" or ">=" } relation:
                return Relation(relation, TypeOf(relation.GetChild(0)), TypeOf(relation.GetChild(2)));
            case CelParser.ConditionalOrContext or CelParser.ConditionalAndContext or CelParser.RelationContext or CelParser.CalcContext
                when node.ChildCount > 1:
                var kind = ((ParserRuleContext)node).GetChild(1) is ITerminalNode { Symbol.Text: "+" or "-" or "*" or "/" or "%" } ? CelType.Dyn : CelType.Bool;
                Children(node);
                return kind;
            case CelParser.LogicalNotContext not:
                TypeOf(not.member());
                return CelType.Bool;
            case CelParser.SelectContext select:
                return Select(TypeOf(select.member()), select.id, select.op, select.opt is not null);
            case CelParser.MemberCallContext call:
                return MemberCall(call);
            case CelParser.IndexContext index:
                var target = TypeOf(index.member());
                TypeOf(index.index);
                return index.opt is null && target.Kind is CelTypeKind.List or CelTypeKind.Map ? target.Element! : CelType.Dyn;
            case CelParser.IdentOrGlobalCallContext ident:
                return Ident(ident);
            case CelParser.NestedContext nested:
                return TypeOf(nested.e);
            case CelParser.CreateListContext list:
                Children(list);
                return new CelType(CelTypeKind.List, Element: CelType.Dyn);
            case CelParser.CreateStructContext map:
                Children(map);
                return new CelType(CelTypeKind.Map, Element: CelType.Dyn);
            case CelParser.IntContext:
                return CelType.Int;
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

    private CelType Select(CelType target, IToken field, IToken at, bool optional)
    {
        if (optional)
        {
            return CelType.Dyn;
        }

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

    /// <summary>
    /// A comparison: cel-go declares each for two operands of one type (numbers of different kinds compare too), so two
    /// different scalar types have no overload.
    /// </summary>
    private CelType Relation(CelParser.RelationContext relation, CelType left, CelType right)
    {
        if (left.ScalarName is { } leftName && right.ScalarName is { } rightName && leftName != rightName
            && !(left.Kind is CelTypeKind.Int or CelTypeKind.Double && right.Kind is CelTypeKind.Int or CelTypeKind.Double))
        {
            return Fail(relation.op, $"found no matching overload for '_{relation.op.Text}_' applied to '({leftName}, {rightName})'");
        }

        return CelType.Bool;
    }

    private CelType MemberCall(CelParser.MemberCallContext call)
    {
        var target = TypeOf(call.member());
        var args = call.args?._e ?? [];
        var name = call.id.Text;
        if (Comprehensions.Contains(name) && args.Count == 2 && args[0].GetText() is var variable && IsIdentifier(variable))
        {
            var element = target.Kind switch
            {
                CelTypeKind.List => target.Element!,
                CelTypeKind.Map => CelType.String,
                _ => CelType.Dyn,
            };
            var shadowed = _variables.GetValueOrDefault(variable);
            _variables[variable] = element;
            TypeOf(args[1]);
            Restore(variable, shadowed);
            return name switch
            {
                "map" => new CelType(CelTypeKind.List, Element: CelType.Dyn),
                "filter" => target.Kind == CelTypeKind.List ? target : CelType.Dyn,
                _ => CelType.Bool,
            };
        }

        foreach (var arg in args)
        {
            TypeOf(arg);
        }

        return name switch
        {
            "size" => CelType.Int,
            "startsWith" or "endsWith" or "contains" or "matches" => CelType.Bool,
            _ => CelType.Dyn,
        };
    }

    private CelType Ident(CelParser.IdentOrGlobalCallContext ident)
    {
        if (ident.op is null)
        {
            return ident.leadingDot is null ? _variables.GetValueOrDefault(ident.id.Text) ?? CelType.Dyn : CelType.Dyn;
        }

        var args = ident.args?._e ?? [];
        if (ident.id.Text == "has" && args.Count == 1 && Unwrap(args[0]) is CelParser.SelectContext field)
        {
            Select(TypeOf(field.member()), field.id, ident.op, field.opt is not null);
            return CelType.Bool;
        }

        foreach (var arg in args)
        {
            TypeOf(arg);
        }

        return ident.id.Text == "size" ? CelType.Int : CelType.Dyn;
    }

    /// <summary>The member an expression consists of, when it is nothing more.</summary>
    private static IParseTree Unwrap(IParseTree node)
    {
        while (node is not CelParser.MemberContext && node.ChildCount == 1)
        {
            node = node.GetChild(0);
        }

        return node;
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

    private static bool IsIdentifier(string text) => text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private CelType Fail(IToken at, string message)
    {
        _errors.Add((at, message));
        return CelType.Error;
    }

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
