namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// What <see cref="RuleTypeChecker"/> knows of an expression's type: a schema's object (its declared fields), map, list or
/// scalar as apiextensions declares it for CEL, or nothing (<see cref="CelTypeKind.Dyn"/>).
/// </summary>
internal sealed record CelType(CelTypeKind Kind, SchemaNode? Node = null, CelType? Element = null, bool IsResource = false)
{
    public static readonly CelType Dyn = new(CelTypeKind.Dyn);

    /// <summary>The type of an expression that already failed to check: it reports nothing more.</summary>
    public static readonly CelType Error = new(CelTypeKind.Error);

    public static readonly CelType Bool = new(CelTypeKind.Bool);

    public static readonly CelType Int = new(CelTypeKind.Int);

    public static readonly CelType Double = new(CelTypeKind.Double);

    public static readonly CelType String = new(CelTypeKind.String);

    public static readonly CelType Bytes = new(CelTypeKind.Bytes);

    public static readonly CelType Null = new(CelTypeKind.Null);

    /// <summary>The type a value of <paramref name="node"/> has in a rule; <paramref name="isResource"/> for a resource's root or an embedded resource.</summary>
    public static CelType Of(SchemaNode node, bool isResource = false)
    {
        if (node.IntOrString)
        {
            return Dyn;
        }

        return node.Type switch
        {
            JsonKinds.Object when node.Properties is null && node.AdditionalProperties is { } values && !isResource && !node.EmbeddedResource =>
                new CelType(CelTypeKind.Map, node, Of(values, values.EmbeddedResource)),
            JsonKinds.Object => new CelType(CelTypeKind.Object, node, IsResource: isResource || node.EmbeddedResource),
            JsonKinds.Array => new CelType(CelTypeKind.List, node, node.Items is { } items ? Of(items, items.EmbeddedResource) : Dyn),
            JsonKinds.String when node.Format?.Name is not ("date-time" or "datetime" or "date" or "duration" or "byte") => String,
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
        CelTypeKind.Double => "double",
        CelTypeKind.Bool => "bool",
        CelTypeKind.Bytes => "bytes",
        _ => null,
    };

    /// <summary>The type of field <paramref name="name"/> (as a rule writes it) of this object, or null when it has no such field.</summary>
    public CelType? Field(string name)
    {
        if (Node?.Properties is { } properties)
        {
            foreach (var (property, node) in properties)
            {
                if (CelNames.Escape(property) == name)
                {
                    return IsResource && property == "metadata" ? Dyn : Of(node);
                }
            }
        }

        return IsResource && name is "apiVersion" or "kind" ? String : IsResource && name == "metadata" ? Dyn : null;
    }
}
