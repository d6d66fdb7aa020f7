namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The overloads of CEL's standard operators and functions that <see cref="RuleTypeChecker"/> resolves: each returns the
/// result type, <see cref="CelType.Dyn"/> when an operand is not known well enough to decide, or null when cel-go's checker
/// finds no matching overload for the operands.
/// </summary>
internal static class CelOverloads
{
    /// <summary>
    /// <c>_+_</c>, <c>_-_</c>, <c>_*_</c>, <c>_/_</c>, <c>_%_</c>: both operands of one type (no implicit int/double
    /// conversion); a timestamp plus or minus a duration, a duration plus or minus one, a timestamp minus a timestamp.
    /// </summary>
    public static CelType? Arithmetic(string op, CelType left, CelType right)
    {
        if (!Known(left, right))
        {
            return CelType.Dyn;
        }

        if (left.IsTime || right.IsTime)
        {
            return (op, left.Kind, right.Kind) switch
            {
                ("+", T, D) or ("+", D, T) or ("-", T, D) => CelType.Timestamp,
                ("+" or "-", D, D) or ("-", T, T) => CelType.Duration,
                _ => null,
            };
        }

        var numeric = op == "%" ? left.Kind is CelTypeKind.Int or CelTypeKind.Uint : left.IsNumber;
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
        !Known(left, right) || left.IsAssignable(right) || left.Kind == CelTypeKind.Null || right.Kind == CelTypeKind.Null ? CelType.Bool : null;

    /// <summary>The type two values of one place (a conditional's branches) have, null when none: one type, or an object and null.</summary>
    public static CelType? Common(CelType first, CelType second) =>
        first.IsAssignable(second) ? first
        : first.Kind == CelTypeKind.Null && second.Kind == CelTypeKind.Object ? second
        : second.Kind == CelTypeKind.Null && first.Kind == CelTypeKind.Object ? first
        : null;

    /// <summary><c>@in</c>: an element of a list's element type or a map's key type.</summary>
    public static CelType? In(CelType element, CelType container) => container.Kind switch
    {
        _ when !Known(element, container) => CelType.Bool,
        CelTypeKind.List => element.IsAssignable(container.Element!) ? CelType.Bool : null,
        CelTypeKind.Map => element.IsAssignable(container.KeyType) ? CelType.Bool : null,
        _ => null,
    };

    /// <summary><c>_[_]</c>: a list by int, a map by string.</summary>
    public static CelType? Index(CelType target, CelType index) => target.Kind switch
    {
        CelTypeKind.List when index.Kind is CelTypeKind.Int or CelTypeKind.Dyn or CelTypeKind.Error => target.Element!,
        CelTypeKind.Map when index.Name is null || index.Kind == CelTypeKind.Error || index.IsAssignable(target.KeyType) => target.Element!,
        _ when !Known(target, index) => CelType.Dyn,
        _ => null,
    };

    /// <summary><c>size</c> as a function of one argument: of a string, bytes, list or map.</summary>
    public static CelType? Size(CelType value) =>
        value.Kind is CelTypeKind.String or CelTypeKind.Bytes or CelTypeKind.List or CelTypeKind.Map || value.Name is null ? CelType.Int : null;

    /// <summary>
    /// A method of CEL's standard library, cel-go's strings extension, Kubernetes' lists and regex libraries or
    /// <see cref="CelLibraryOverloads"/>, by the overloads each declares; <see cref="CelType.Dyn"/> for a method not known here.
    /// </summary>
    public static CelType? Method(string name, CelType target, IReadOnlyList<CelType> args)
    {
        var kinds = args.Select(a => a.Kind).ToArray();
        var element = target.Kind == CelTypeKind.List ? target.Element! : CelType.Dyn;
        (bool Matches, CelType Result)? overload = name switch
        {
            "lowerAscii" or "upperAscii" or "trim" => (Text(target, kinds, [[]]), CelType.String),
            "charAt" => (Text(target, kinds, [CelTypeKind.Int]), CelType.String),
            "replace" => (Text(target, kinds, [S, S], [S, S, I]), CelType.String),
            "split" => (Text(target, kinds, [S], [S, I]), StringList),
            "substring" => (Text(target, kinds, [I], [I, I]), CelType.String),
            "find" => (Text(target, kinds, [S]), CelType.String),
            "findAll" => (Text(target, kinds, [S], [S, I]), StringList),
            "startsWith" or "endsWith" or "contains" or "matches" => (Text(target, kinds, [S]), CelType.Bool),
            "size" => (kinds.Length == 0 && target.Kind is CelTypeKind.String or CelTypeKind.Bytes or CelTypeKind.List or CelTypeKind.Map, CelType.Int),
            "indexOf" or "lastIndexOf" => (Text(target, kinds, [S], [S, I]) || (target.Kind == CelTypeKind.List && args is [var item] && item.Name == element.Name), CelType.Int),
            "join" => (target.Kind == CelTypeKind.List && element.Kind == CelTypeKind.String && kinds is [] or [S], CelType.String),
            "isSorted" => (kinds.Length == 0 && Comparable(element), CelType.Bool),
            "min" or "max" => (kinds.Length == 0 && Comparable(element), element),
            "sum" => (kinds.Length == 0 && element.IsNumber, element),
            "hasValue" => (kinds.Length == 0 && target.Kind == CelTypeKind.Optional, CelType.Bool),
            "value" => (kinds.Length == 0 && target.Kind == CelTypeKind.Optional, target.Kind == CelTypeKind.Optional ? target.Element! : CelType.Dyn),
            "orValue" => (target.Kind == CelTypeKind.Optional && args is [var fallback] && Common(target.Element!, fallback) is not null, target.Kind == CelTypeKind.Optional ? target.Element! : CelType.Dyn),
            "or" => (target.Kind == CelTypeKind.Optional && args is [{ Kind: CelTypeKind.Optional } other] && other.Name == target.Name, target),
            _ => CelLibraryOverloads.Method(name, target, args),
        };
        return overload is not { } found ? CelType.Dyn : found.Matches || !Known([target, .. args]) ? found.Result : null;
    }

    /// <summary>A type conversion (<c>int()</c>, <c>double()</c>, <c>string()</c>, <c>bool()</c>, <c>bytes()</c>) of one value, by the types each accepts.</summary>
    public static CelType? Conversion(string name, CelType value)
    {
        (CelType Result, CelTypeKind[] From)? conversion = name switch
        {
            "int" => (CelType.Int, [I, U, CelTypeKind.Double, S, T, D]),
            "uint" => (CelType.Uint, [I, U, CelTypeKind.Double, S]),
            "double" => (CelType.Double, [I, U, CelTypeKind.Double, S]),
            "string" => (CelType.String, [I, U, CelTypeKind.Double, CelTypeKind.Bool, CelTypeKind.Bytes, S, T, D]),
            "bool" => (CelType.Bool, [CelTypeKind.Bool, S]),
            "bytes" => (CelType.Bytes, [CelTypeKind.Bytes, S]),
            _ => null,
        };
        return conversion is not { } found ? CelType.Dyn
            : value.Name is null || value.Kind == CelTypeKind.Null || found.From.Contains(value.Kind) ? found.Result
            : name == "string" && (value.TypeName == CelLibraryOverloads.Ip.TypeName || value.TypeName == CelLibraryOverloads.Cidr.TypeName) ? found.Result
            : null;
    }

    private const CelTypeKind S = CelTypeKind.String;

    private const CelTypeKind I = CelTypeKind.Int;

    private const CelTypeKind U = CelTypeKind.Uint;

    private const CelTypeKind T = CelTypeKind.Timestamp;

    private const CelTypeKind D = CelTypeKind.Duration;

    private static readonly CelType StringList = new(CelTypeKind.List, Element: CelType.String);

    /// <summary>Whether a string method declared with one of <paramref name="forms"/> of arguments matches.</summary>
    private static bool Text(CelType target, CelTypeKind[] args, params CelTypeKind[][] forms) =>
        target.Kind == CelTypeKind.String && forms.Any(form => form.SequenceEqual(args));

    /// <summary>Whether lists of <paramref name="element"/> can be sorted (apiserver's lists library: the comparable types).</summary>
    private static bool Comparable(CelType element) =>
        element.Kind is CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.String or CelTypeKind.Bool or CelTypeKind.Bytes;

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
