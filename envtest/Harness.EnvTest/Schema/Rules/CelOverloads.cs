namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The overloads of CEL's standard operators and functions that <see cref="RuleTypeChecker"/> resolves: each returns the
/// result type, <see cref="CelType.Dyn"/> when an operand is not known well enough to decide, or null when cel-go's checker
/// finds no matching overload for the operands.
/// </summary>
internal static class CelOverloads
{
    /// <summary><c>_+_</c>, <c>_-_</c>, <c>_*_</c>, <c>_/_</c>, <c>_%_</c>: both operands of one type (no implicit int/double conversion).</summary>
    public static CelType? Arithmetic(string op, CelType left, CelType right)
    {
        if (!Known(left, right))
        {
            return CelType.Dyn;
        }

        var numeric = op == "%" ? left.Kind == CelTypeKind.Int : left.IsNumber;
        return left.Kind != right.Kind ? null
            : op == "+" && left.Kind is CelTypeKind.String or CelTypeKind.Bytes ? left
            : op == "+" && left.Kind == CelTypeKind.List ? (left.Name == right.Name ? left : null)
            : numeric ? left : null;
    }

    /// <summary><c>_&lt;_</c> and the other orderings: one type of int, double, string, bytes or bool, or an int and a double.</summary>
    public static CelType? Ordering(CelType left, CelType right) =>
        !Known(left, right) ? CelType.Bool
        : left.IsNumber && right.IsNumber ? CelType.Bool
        : left.Kind == right.Kind && left.ScalarName is not null ? CelType.Bool
        : null;

    /// <summary><c>_==_</c>, <c>_!=_</c>: two operands of one type.</summary>
    public static CelType? Equality(CelType left, CelType right) =>
        !Known(left, right) || left.Name == right.Name || left.Kind == CelTypeKind.Null || right.Kind == CelTypeKind.Null ? CelType.Bool : null;

    /// <summary><c>@in</c>: an element of a list's element type or a map's key type.</summary>
    public static CelType? In(CelType element, CelType container) => container.Kind switch
    {
        _ when !Known(element, container) => CelType.Bool,
        CelTypeKind.List => element.Name == container.Element!.Name ? CelType.Bool : null,
        CelTypeKind.Map => element.Kind == CelTypeKind.String ? CelType.Bool : null,
        _ => null,
    };

    /// <summary><c>_[_]</c>: a list by int, a map by string.</summary>
    public static CelType? Index(CelType target, CelType index) => target.Kind switch
    {
        CelTypeKind.List when index.Kind is CelTypeKind.Int or CelTypeKind.Dyn or CelTypeKind.Error => target.Element!,
        CelTypeKind.Map when index.Kind is CelTypeKind.String or CelTypeKind.Dyn or CelTypeKind.Error => target.Element!,
        _ when !Known(target, index) => CelType.Dyn,
        _ => null,
    };

    /// <summary><c>size</c>, as a function of one argument or a method of none: of a string, bytes, list or map.</summary>
    public static CelType? Size(CelType value) =>
        value.Kind is CelTypeKind.String or CelTypeKind.Bytes or CelTypeKind.List or CelTypeKind.Map || value.Name is null ? CelType.Int : null;

    /// <summary><c>startsWith</c>, <c>endsWith</c>, <c>contains</c>, <c>matches</c>: a string's method taking a string.</summary>
    public static CelType? StringTest(CelType target, IReadOnlyList<CelType> args) =>
        !Known([target, .. args]) ? CelType.Bool
        : target.Kind == CelTypeKind.String && args is [{ Kind: CelTypeKind.String }] ? CelType.Bool
        : null;

    /// <summary>Whether every type is known by name (an overload can be decided).</summary>
    public static bool Known(params ReadOnlySpan<CelType> types)
    {
        foreach (var type in types)
        {
            if (type.Name is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>cel-go's list of argument types: <c>(int, string)</c>, or <c>string.(int)</c> for a method.</summary>
    public static string Signature(CelType? target, IEnumerable<CelType> args) =>
        (target is null ? "" : target.Name + ".") + "(" + string.Join(", ", args.Select(a => a.Name)) + ")";
}
