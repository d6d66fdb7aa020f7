using System.Text.Json.Nodes;

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

    public SchemaPattern? Pattern { get; set; }

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

    /// <summary><c>x-kubernetes-map-type</c>: granular (unset) or atomic.</summary>
    public string? MapType { get; set; }

    public JsonNode? Default { get; set; }

    /// <summary>On a schema's root: the estimated cost of all its rules and messageExpressions, each as often as it can run.</summary>
    public ulong EstimatedRulesCost { get; set; }

    /// <summary><c>x-kubernetes-validations</c>, compiled.</summary>
    public Rules.ValidationRule[] Rules { get; set; } = [];

    public SchemaNode[]? AllOf { get; set; }

    public SchemaNode[]? AnyOf { get; set; }

    public SchemaNode[]? OneOf { get; set; }

    public SchemaNode? Not { get; set; }

    /// <summary>The declared properties that have a default, for defaulting without scanning all properties.</summary>
    public KeyValuePair<string, SchemaNode>[] DefaultedProperties { get; private set; } = [];

    /// <summary>Whether this node or a node below it (properties, additionalProperties, items) has a default.</summary>
    public bool DefaultsBelow { get; private set; }

    /// <summary>Whether this node or a node below it is an embedded resource.</summary>
    public bool EmbeddedBelow { get; private set; }

    /// <summary>Whether this node or a node below it has <c>x-kubernetes-validations</c>.</summary>
    public bool RulesBelow { get; private set; }

    /// <summary>Whether this node or a node below it is a list of type set or map.</summary>
    public bool ListInvariantsBelow { get; private set; }

    /// <summary>Whether validating an object against this node must look at its fields.</summary>
    public bool ChecksFields => Properties is not null || AdditionalProperties is not null || AdditionalPropertiesForbidden
        || Required.Length > 0 || MinProperties is not null || MaxProperties is not null;

    /// <summary>Whether the type validator applies (kube-openapi: a type or a format is set).</summary>
    public bool ChecksType => Type.Length > 0 || IntOrString || Format is not null;

    public bool HasStringChecks => MinLength is not null || MaxLength is not null || Pattern is not null;

    public bool HasNumberChecks => Minimum is not null || Maximum is not null || MultipleOf is not null;

    public bool HasValueValidations => AllOf is not null || AnyOf is not null || OneOf is not null || Not is not null;

    /// <summary>Computes the summary flags from the children; call once the children are complete.</summary>
    public void Summarize()
    {
        IEnumerable<SchemaNode> children = Properties?.Values ?? Enumerable.Empty<SchemaNode>();
        if (AdditionalProperties is not null)
        {
            children = children.Append(AdditionalProperties);
        }

        if (Items is not null)
        {
            children = children.Append(Items);
        }

        var list = children.ToArray();
        DefaultedProperties = Properties?.Where(p => p.Value.Default is not null).ToArray() ?? [];
        DefaultsBelow = Default is not null || list.Any(c => c.DefaultsBelow);
        EmbeddedBelow = EmbeddedResource || list.Any(c => c.EmbeddedBelow);
        RulesBelow = Rules.Length > 0 || list.Any(c => c.RulesBelow);
        ListInvariantsBelow = ListType is "set" or "map" || list.Any(c => c.ListInvariantsBelow);
    }

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
