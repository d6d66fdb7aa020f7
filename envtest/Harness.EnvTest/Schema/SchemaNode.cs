using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Harness.EnvTest.Schema;

/// <summary>
/// One compiled node of a structural schema: the keywords apiextensions-apiserver keeps, read once
/// from the CRD's <c>openAPIV3Schema</c> so that validation, pruning and defaulting walk a tree of
/// typed fields instead of re-reading JSON.
/// </summary>
internal sealed class SchemaNode
{
    public static readonly SchemaNode Empty = new();

    /// <summary><c>type</c>; empty when not given.</summary>
    public string Type { get; set; } = "";

    public bool IntOrString { get; set; }

    public bool Nullable { get; set; }

    /// <summary><c>format</c>, kept only when kube validates it (others are stripped, as apiextensions does).</summary>
    public StringFormat? Format { get; set; }

    public Regex? Pattern { get; set; }

    public string? PatternText { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    public bool ExclusiveMinimum { get; set; }

    public bool ExclusiveMaximum { get; set; }

    public double? MultipleOf { get; set; }

    public long? MinLength { get; set; }

    public long? MaxLength { get; set; }

    public long? MinItems { get; set; }

    public long? MaxItems { get; set; }

    public long? MinProperties { get; set; }

    public long? MaxProperties { get; set; }

    public bool UniqueItems { get; set; }

    public string[] Required { get; set; } = [];

    public JsonNode?[]? Enum { get; set; }

    /// <summary><c>properties</c> by name; null when none are declared.</summary>
    public Dictionary<string, SchemaNode>? Properties { get; set; }

    /// <summary><c>additionalProperties</c> given as a schema (or <c>true</c>, as an empty schema).</summary>
    public SchemaNode? AdditionalProperties { get; set; }

    /// <summary><c>additionalProperties: false</c>.</summary>
    public bool AdditionalPropertiesForbidden { get; set; }

    public SchemaNode? Items { get; set; }

    public bool PreserveUnknownFields { get; set; }

    public bool EmbeddedResource { get; set; }

    /// <summary><c>x-kubernetes-list-type</c>: atomic, set or map.</summary>
    public string? ListType { get; set; }

    public string[] ListMapKeys { get; set; } = [];

    public JsonNode? Default { get; set; }

    public SchemaNode[]? AllOf { get; set; }

    public SchemaNode[]? AnyOf { get; set; }

    public SchemaNode[]? OneOf { get; set; }

    public SchemaNode? Not { get; set; }

    /// <summary>Whether the type validator applies (kube-openapi: a type or a format is set).</summary>
    public bool ChecksType => Type.Length > 0 || IntOrString || Format is not null;

    public bool HasStringChecks => MinLength is not null || MaxLength is not null || Pattern is not null;

    public bool HasNumberChecks => Minimum is not null || Maximum is not null || MultipleOf is not null;

    public bool HasValueValidations => AllOf is not null || AnyOf is not null || OneOf is not null || Not is not null;

    /// <summary>The schema for a field of an object, or null when the field is unknown.</summary>
    public SchemaNode? PropertyOrAdditional(string name)
    {
        if (Properties is not null && Properties.TryGetValue(name, out var property))
        {
            return property;
        }

        return AdditionalProperties;
    }
}
