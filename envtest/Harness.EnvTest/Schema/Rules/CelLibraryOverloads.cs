namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The overloads of the functions kube 1.32 adds to CEL's standard ones beyond the strings extension and the lists and
/// regex libraries: the optional types' constructors (<c>optional.of</c>), apiserver's quantity, URL, IP, CIDR and format libraries (each value of an opaque type named as cel-go
/// prints it, <c>kubernetes.Quantity</c>, <c>net.CIDR</c>), cel-go's sets extension and <c>strings.quote</c>, the
/// timestamp and duration accessors, and the authorizer library's methods, whose receivers no CRD rule can make. Each
/// answers whether the operands match an overload and the result type (<see cref="CelType.Dyn"/> for an optional).
/// Kube 1.32 declares a quantity's <c>sign</c> as a function of one (<c>sign(quantity('1'))</c>), not as a method.
/// </summary>
internal static class CelLibraryOverloads
{
    public static readonly CelType Quantity = Opaque("kubernetes.Quantity");

    public static readonly CelType Url = Opaque("kubernetes.URL");

    public static readonly CelType Ip = Opaque("net.IP");

    public static readonly CelType Cidr = Opaque("net.CIDR");

    public static readonly CelType NamedFormat = Opaque("kubernetes.NamedFormat");

    private static readonly CelType StringList = new(CelTypeKind.List, Element: CelType.String);

    private static readonly string[] TimeAccessors =
        ["getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours", "getMinutes", "getSeconds", "getMilliseconds"];

    private static readonly string[] AuthorizerMethods =
        ["path", "group", "serviceAccount", "resource", "subresource", "namespace", "name", "check", "allowed", "reason", "errored", "error", "fieldSelector", "labelSelector"];

    /// <summary>A global or namespaced function of these libraries (<c>quantity()</c>, <c>sets.contains()</c>); null for another function.</summary>
    public static (bool Matches, CelType Result)? Function(string name, IReadOnlyList<CelType> args) => name switch
    {
        "optional.of" or "optional.ofNonZeroValue" => (args.Count == 1, CelType.Optional(args.Count == 1 ? args[0] : CelType.Dyn)),
        "optional.none" => (args.Count == 0, CelType.Optional(CelType.Dyn)),
        "quantity" => (OneString(args), Quantity),
        "url" => (OneString(args), Url),
        "ip" => (OneString(args), Ip),
        "cidr" => (OneString(args), Cidr),
        "isQuantity" or "isURL" or "isIP" or "isCIDR" or "ip.isCanonical" => (OneString(args), CelType.Bool),
        "strings.quote" => (OneString(args), CelType.String),
        "sign" => (Is(args, Quantity), CelType.Int),
        "format.named" => (OneString(args), CelType.Dyn),
        _ when name.StartsWith("format.", StringComparison.Ordinal) => (args.Count == 0, NamedFormat),
        "sets.contains" or "sets.equivalent" or "sets.intersects" =>
            (args is [{ Kind: CelTypeKind.List } first, { Kind: CelTypeKind.List } second] && first.Element!.Name == second.Element!.Name, CelType.Bool),
        _ => null,
    };

    /// <summary>A method of these libraries' types, or of timestamps and durations; null for another method.</summary>
    public static (bool Matches, CelType Result)? Method(string name, CelType target, IReadOnlyList<CelType> args)
    {
        var on = target.TypeName;
        return name switch
        {
            "sign" => (false, CelType.Int),
            "compareTo" => (on == Quantity.TypeName && Is(args, Quantity), CelType.Int),
            "asInteger" => (on == Quantity.TypeName && args.Count == 0, CelType.Int),
            "isGreaterThan" or "isLessThan" => (on == Quantity.TypeName && Is(args, Quantity), CelType.Bool),
            "isInteger" => (on == Quantity.TypeName && args.Count == 0, CelType.Bool),
            "asApproximateFloat" => (on == Quantity.TypeName && args.Count == 0, CelType.Double),
            "add" or "sub" => (on == Quantity.TypeName && (Is(args, Quantity) || args is [{ Kind: CelTypeKind.Int }]), Quantity),
            "getScheme" or "getHost" or "getHostname" or "getPort" or "getEscapedPath" => (on == Url.TypeName && args.Count == 0, CelType.String),
            "getQuery" => (on == Url.TypeName && args.Count == 0, new CelType(CelTypeKind.Map, Element: StringList)),
            "family" => (on == Ip.TypeName && args.Count == 0, CelType.Int),
            "isUnspecified" or "isLoopback" or "isLinkLocalMulticast" or "isLinkLocalUnicast" or "isGlobalUnicast" => (on == Ip.TypeName && args.Count == 0, CelType.Bool),
            "containsIP" => (on == Cidr.TypeName && (OneString(args) || Is(args, Ip)), CelType.Bool),
            "containsCIDR" => (on == Cidr.TypeName && (OneString(args) || Is(args, Cidr)), CelType.Bool),
            "ip" => (on == Cidr.TypeName && args.Count == 0, Ip),
            "masked" => (on == Cidr.TypeName && args.Count == 0, Cidr),
            "prefixLength" => (on == Cidr.TypeName && args.Count == 0, CelType.Int),
            "validate" => (on == NamedFormat.TypeName && OneString(args), CelType.Dyn),
            "format" => (target.Kind == CelTypeKind.String && args is [{ Kind: CelTypeKind.List }], CelType.String),
            _ when TimeAccessors.Contains(name) => (TimeAccessor(name, target, args), CelType.Int),
            _ when AuthorizerMethods.Contains(name) => (false, CelType.Dyn),
            _ => null,
        };
    }

    /// <summary>
    /// A timestamp's accessors, each with an optional time zone; a duration's <c>getHours</c>, <c>getMinutes</c>,
    /// <c>getSeconds</c> and <c>getMilliseconds</c>.
    /// </summary>
    private static bool TimeAccessor(string name, CelType target, IReadOnlyList<CelType> args) => target.Kind switch
    {
        CelTypeKind.Timestamp => args.Count == 0 || OneString(args),
        CelTypeKind.Duration => args.Count == 0 && name is "getHours" or "getMinutes" or "getSeconds" or "getMilliseconds",
        _ => false,
    };

    private static bool OneString(IReadOnlyList<CelType> args) => args is [{ Kind: CelTypeKind.String }];

    private static bool Is(IReadOnlyList<CelType> args, CelType type) => args is [{ Kind: CelTypeKind.Opaque } arg] && arg.TypeName == type.TypeName;

    private static CelType Opaque(string name) => new(CelTypeKind.Opaque, TypeName: name);
}
