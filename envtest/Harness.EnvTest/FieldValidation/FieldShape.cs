using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// The fields a built-in kind's Go type decodes, at every depth, read from KubernetesClient's model classes (generated from
/// kube's OpenAPI; <see cref="JsonPropertyNameAttribute"/> gives each wire name). A type's fields are read on first use,
/// so a kind whose objects are never written costs nothing.
/// </summary>
internal sealed partial class FieldShape
{
    private static readonly ConcurrentDictionary<Type, FieldShape> Shapes = new();

    private static readonly Dictionary<string, FieldShape> Empty = new(StringComparer.Ordinal);

    private readonly Lazy<Dictionary<string, FieldShape>>? fields;

    private FieldShape(FieldShapeKind kind, FieldShape? element = null, Lazy<Dictionary<string, FieldShape>>? fields = null)
    {
        Kind = kind;
        Element = element;
        this.fields = fields;
    }

    private FieldShape(FieldValueType valueType, string goType)
        : this(FieldShapeKind.Opaque)
    {
        ValueType = valueType;
        GoType = goType;
    }

    public static FieldShape Opaque { get; } = new(FieldShapeKind.Opaque);

    public FieldShapeKind Kind { get; }

    /// <summary>For an <see cref="FieldShapeKind.Opaque"/> value, the JSON values its Go type decodes.</summary>
    public FieldValueType ValueType { get; }

    /// <summary>The Go type's name as its decoder's type errors print it (<c>[]v1.Container</c>, <c>int32</c>); empty for free-form values.</summary>
    public string GoType { get; private init; } = string.Empty;

    /// <summary>For a <see cref="FieldShapeKind.Struct"/>, the Go struct's name without its package (<c>PodSpec</c>).</summary>
    public string StructName { get; private init; } = string.Empty;

    /// <summary>For a <see cref="FieldShapeKind.Struct"/>, the model class's name (<c>V1PodSpec</c>), unique across groups.</summary>
    public string ModelName { get; private init; } = string.Empty;

    /// <summary>For a <see cref="FieldShapeKind.Struct"/>, its fields by wire name (in the model's order, not Go's).</summary>
    public IReadOnlyDictionary<string, FieldShape> Fields => fields?.Value ?? Empty;

    /// <summary>The shape of a list's items or a map's values; for <see cref="FieldShapeKind.QuietSchema"/>, the schema's.</summary>
    public FieldShape? Element { get; }

    /// <summary>True for a struct without fields (CRD <c>subresources.status</c>), which kube's OpenAPI publishes as a free-form object.</summary>
    public bool DeclaresNoFields => fields is { Value.Count: 0 };

    /// <summary>The shape of the model class <paramref name="model"/> (<c>typeof(V1Pod)</c>).</summary>
    public static FieldShape Of(Type model) => Shapes.GetOrAdd(model, Build);

    /// <summary>The shape of field <paramref name="name"/> (case-sensitive, as kube's decoder matches), or false when the type has no such field.</summary>
    public bool TryGetField(string name, out FieldShape shape)
    {
        if (fields is not null && fields.Value.TryGetValue(name, out var found))
        {
            shape = found;
            return true;
        }

        shape = Opaque;
        return false;
    }

    private static FieldShape Build(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Of(underlying);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
        {
            var item = Of(type.GetGenericArguments()[0]);
            return new FieldShape(FieldShapeKind.List, item) { GoType = "[]" + item.GoType };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        {
            // The models' only maps of quantities are core's named ResourceList.
            var value = Of(type.GetGenericArguments()[1]);
            return new FieldShape(FieldShapeKind.Map, value) { GoType = value.ValueType == FieldValueType.Quantity ? "v1.ResourceList" : "map[string]" + value.GoType };
        }

        if (Leaf(type) is { } leaf)
        {
            return leaf;
        }

        // Free-form values (typed object) and the types that bring their own JSON converter.
        if (type.Namespace != typeof(V1Pod).Namespace || !type.IsClass || type.GetCustomAttribute<JsonConverterAttribute>() is not null)
        {
            return Opaque;
        }

        var name = GoName().Match(type.Name);
        return new FieldShape(FieldShapeKind.Struct, fields: new Lazy<Dictionary<string, FieldShape>>(() => FieldsOf(type)))
        {
            StructName = name.Success ? name.Groups[2].Value : type.Name,
            ModelName = type.Name,
            GoType = name.Success ? name.Groups[1].Value.ToLowerInvariant() + "." + name.Groups[2].Value : type.Name,
        };
    }

    /// <summary>
    /// The scalar Go types behind the generated models' CLR types. Time and MicroTime read a JSON string; the int32 of
    /// IntOrString is what its decoder's type errors name.
    /// </summary>
    private static FieldShape? Leaf(Type type) => type switch
    {
        _ when type == typeof(string) => new FieldShape(FieldValueType.String, "string"),
        _ when type == typeof(bool) => new FieldShape(FieldValueType.Bool, "bool"),
        _ when type == typeof(int) => new FieldShape(FieldValueType.Integer, "int32"),
        _ when type == typeof(long) => new FieldShape(FieldValueType.Integer, "int64"),
        _ when type == typeof(double) => new FieldShape(FieldValueType.Number, "float64"),
        _ when type == typeof(DateTime) => new FieldShape(FieldValueType.Time, "string"),
        _ when type == typeof(byte[]) => new FieldShape(FieldValueType.Bytes, "[]uint8"),
        _ when type == typeof(IntOrString) => new FieldShape(FieldValueType.IntOrString, "int32"),
        _ when type == typeof(ResourceQuantity) => new FieldShape(FieldValueType.Quantity, "resource.Quantity"),
        _ => null,
    };

    /// <summary>A model class's Go package and type (<c>V1PodSpec</c>, <c>V1beta1DeviceClass</c>, <c>Corev1Event</c>).</summary>
    [GeneratedRegex("^(?:[A-Z][a-z]+)?([Vv][0-9]+(?:alpha[0-9]+|beta[0-9]+)?)([A-Z].*)$")]
    private static partial Regex GoName();

    private static Dictionary<string, FieldShape> FieldsOf(Type type)
    {
        var fields = new Dictionary<string, FieldShape>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } wire)
            {
                fields[wire.Name] = Override(type, wire.Name) ?? Of(property.PropertyType);
            }
        }

        return fields;
    }

    /// <summary>
    /// The few fields the generated models type as a free-form <c>object</c> where kube's Go type is more precise: JSONSchemaProps'
    /// schema-or-something fields, and CRD <c>subresources.status</c>, an empty struct.
    /// </summary>
    private static FieldShape? Override(Type type, string name)
    {
        if (type == typeof(V1JSONSchemaProps))
        {
            return name switch
            {
                "items" or "additionalProperties" or "additionalItems" => new FieldShape(FieldShapeKind.QuietSchema, Of(type)),
                "dependencies" => new FieldShape(FieldShapeKind.Map, new FieldShape(FieldShapeKind.QuietSchema, Of(type))),
                _ => null,
            };
        }

        return type == typeof(V1CustomResourceSubresources) && name == "status"
            ? new FieldShape(FieldShapeKind.Struct, fields: new Lazy<Dictionary<string, FieldShape>>(() => new Dictionary<string, FieldShape>(StringComparer.Ordinal)))
            {
                StructName = "CustomResourceSubresourceStatus",
                ModelName = "CustomResourceSubresourceStatus",
                GoType = "v1.CustomResourceSubresourceStatus",
            }
            : null;
    }
}
