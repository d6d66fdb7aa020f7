using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// The fields a built-in kind's Go type decodes, at every depth, read from KubernetesClient's model classes (generated from
/// kube's OpenAPI; <see cref="JsonPropertyNameAttribute"/> gives each wire name). A type's fields are read on first use,
/// so a kind whose objects are never written costs nothing.
/// </summary>
internal sealed class FieldShape
{
    private static readonly ConcurrentDictionary<Type, FieldShape> Shapes = new();

    private readonly Lazy<Dictionary<string, FieldShape>>? fields;

    private FieldShape(FieldShapeKind kind, FieldShape? element = null, Lazy<Dictionary<string, FieldShape>>? fields = null)
    {
        Kind = kind;
        Element = element;
        this.fields = fields;
    }

    public static FieldShape Opaque { get; } = new(FieldShapeKind.Opaque);

    public FieldShapeKind Kind { get; }

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
            return new FieldShape(FieldShapeKind.List, Of(type.GetGenericArguments()[0]));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        {
            return new FieldShape(FieldShapeKind.Map, Of(type.GetGenericArguments()[1]));
        }

        // Scalars, free-form values (typed object) and the types that bring their own JSON converter (IntOrString, ResourceQuantity).
        if (type.Namespace != typeof(V1Pod).Namespace || !type.IsClass || type.GetCustomAttribute<JsonConverterAttribute>() is not null)
        {
            return Opaque;
        }

        return new FieldShape(FieldShapeKind.Struct, fields: new Lazy<Dictionary<string, FieldShape>>(() => FieldsOf(type)));
    }

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
            : null;
    }
}
