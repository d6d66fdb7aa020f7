namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// What <see cref="RuleTypeChecker"/> knows of an expression's type: a schema's object (its declared fields), map, list or
/// scalar as apiextensions declares it for CEL, a library's opaque type, or nothing (<see cref="CelTypeKind.Dyn"/>).
/// <see cref="Node"/> is the schema the value comes from, when it comes from one (its bounds size the value for cost
/// estimation); <see cref="TypeName"/> names an object or opaque type.
/// </summary>
internal sealed record CelType(CelTypeKind Kind, SchemaNode? Node = null, CelType? Element = null, bool IsResource = false, string? TypeName = null, CelType? Key = null)
{
    /// <summary>
    /// The name of the type of the value a rule's <c>self</c> is, when an object: kube names it <c>selfType</c> and the
    /// nanoseconds of the clock at each CRD write, so no rule can depend on it; the harness names it the same every time.
    /// Its fields' types are named by their paths below it (<c>selfType0.spec.items.@idx</c>).
    /// </summary>
    public const string SelfTypeName = "selfType0";

    public static readonly CelType Dyn = new(CelTypeKind.Dyn);

    /// <summary>The type of an expression that already failed to check: it reports nothing more.</summary>
    public static readonly CelType Error = new(CelTypeKind.Error);

    public static readonly CelType Bool = new(CelTypeKind.Bool);

    public static readonly CelType Int = new(CelTypeKind.Int);

    public static readonly CelType Uint = new(CelTypeKind.Uint);

    public static readonly CelType Double = new(CelTypeKind.Double);

    public static readonly CelType String = new(CelTypeKind.String);

    public static readonly CelType Bytes = new(CelTypeKind.Bytes);

    public static readonly CelType Null = new(CelTypeKind.Null);

    public static readonly CelType Timestamp = new(CelTypeKind.Timestamp);

    public static readonly CelType Duration = new(CelTypeKind.Duration);

    /// <summary>The type of a map's keys: a schema's maps have string keys, a literal's its keys' type.</summary>
    public CelType KeyType => Key ?? String;

    /// <summary>A map literal's type, of its keys' and values' types.</summary>
    public static CelType MapOf(CelType key, CelType value) => new(CelTypeKind.Map, Element: value, Key: key);

    /// <summary>The type of <paramref name="value"/>'s type (<c>type(x)</c>): <c>type(int)</c>.</summary>
    public static CelType TypeOf(CelType value) => new(CelTypeKind.Type, Element: value);

    /// <summary>
    /// Whether a value of this type may stand where <paramref name="other"/>'s is expected, as cel-go's checker decides
    /// for one overload or one literal: the same name, or both types of types (their parameters are not compared).
    /// </summary>
    public bool IsAssignable(CelType other) => Name == other.Name || (Kind == CelTypeKind.Type && other.Kind == CelTypeKind.Type);

    /// <summary>An optional of <paramref name="value"/>'s type (<c>self.?a</c>, <c>optional.of(x)</c>).</summary>
    public static CelType Optional(CelType value) => new(CelTypeKind.Optional, Element: value);

    /// <summary>A string of no declared bounds, as kube declares a resource's <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> names.</summary>
    private static readonly SchemaNode UnboundedString = new() { Type = JsonKinds.String };

    /// <summary>A resource's <c>metadata</c> as rules see it: <c>name</c> and <c>generateName</c> only.</summary>
    private static readonly SchemaNode ResourceMetadata = new()
    {
        Type = JsonKinds.Object,
        Properties = new(StringComparer.Ordinal) { ["name"] = UnboundedString, ["generateName"] = UnboundedString },
    };

    /// <summary>
    /// The type a value of <paramref name="node"/> has in a rule, an object's named <paramref name="name"/> (a list's items
    /// <c>name.@idx</c>, a map's values <c>name.@elem</c>, as apiserver's DeclType names them); <paramref name="isResource"/>
    /// for a resource's root or an embedded resource.
    /// </summary>
    public static CelType Of(SchemaNode node, string name, bool isResource = false)
    {
        if (node.IntOrString)
        {
            return new CelType(CelTypeKind.Dyn, node);
        }

        return node.Type switch
        {
            JsonKinds.Object when node.Properties is null && node.AdditionalProperties is { } values && !isResource && !node.EmbeddedResource =>
                new CelType(CelTypeKind.Map, node, Of(values, name + ".@elem", values.EmbeddedResource)),
            JsonKinds.Object => new CelType(CelTypeKind.Object, node, IsResource: isResource || node.EmbeddedResource, TypeName: name),
            JsonKinds.Array => new CelType(CelTypeKind.List, node, node.Items is { } items ? Of(items, name + ".@idx", items.EmbeddedResource) : Dyn),
            JsonKinds.String when node.Format?.Name is "date-time" or "datetime" => new CelType(CelTypeKind.Timestamp, node),
            JsonKinds.String when node.Format?.Name is "duration" => new CelType(CelTypeKind.Duration, node),
            JsonKinds.String when node.Format?.Name is "date" => new CelType(CelTypeKind.Dyn, node),
            JsonKinds.String when node.Format?.Name is "byte" => new CelType(CelTypeKind.Bytes, node),
            JsonKinds.String => new CelType(CelTypeKind.String, node),
            JsonKinds.Integer => Int,
            JsonKinds.Number => Double,
            JsonKinds.Boolean => Bool,
            _ => Dyn,
        };
    }

    /// <summary>The name cel-go prints for a type that cannot have fields, or null.</summary>
    public string? ScalarName => Kind switch
    {
        CelTypeKind.String => "string",
        CelTypeKind.Int => "int",
        CelTypeKind.Uint => "uint",
        CelTypeKind.Double => "double",
        CelTypeKind.Bool => "bool",
        CelTypeKind.Bytes => "bytes",
        CelTypeKind.Timestamp => "timestamp",
        CelTypeKind.Duration => "duration",
        _ => null,
    };

    /// <summary>
    /// The name cel-go prints for this type in an overload error, or null when it is not fully known here (dyn).
    /// </summary>
    public string? Name => Kind switch
    {
        CelTypeKind.Object or CelTypeKind.Opaque => TypeName,
        CelTypeKind.List => Element?.Name is { } element ? $"list({element})" : null,
        CelTypeKind.Map => KeyType.Name is { } key && Element?.Name is { } value ? $"map({key}, {value})" : null,
        CelTypeKind.Type => Element?.Name is { } type ? $"type({type})" : null,
        CelTypeKind.Null => "null",
        CelTypeKind.Optional => Element?.Name is { } value ? $"optional_type({value})" : null,
        _ => ScalarName,
    };

    /// <summary>Whether this is a timestamp or a duration.</summary>
    public bool IsTime => Kind is CelTypeKind.Timestamp or CelTypeKind.Duration;

    /// <summary>Whether this is an int, a uint or a double (CEL compares them with each other).</summary>
    public bool IsNumber => Kind is CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double;

    /// <summary>The type of field <paramref name="name"/> (as a rule writes it) of this object, or null when it has no such field.</summary>
    public CelType? Field(string name)
    {
        if (Node?.Properties is { } properties)
        {
            foreach (var (property, node) in properties)
            {
                if (CelNames.Escape(property) == name)
                {
                    return Of(IsResource && property == "metadata" ? ResourceMetadata : node, TypeName + "." + name);
                }
            }
        }

        return !IsResource ? null : name switch
        {
            "apiVersion" or "kind" => Of(UnboundedString, TypeName + "." + name),
            "metadata" => Of(ResourceMetadata, TypeName + "." + name),
            _ => null,
        };
    }
}
