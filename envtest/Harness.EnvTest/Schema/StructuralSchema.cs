using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// A CustomResourceDefinition version's <c>openAPIV3Schema</c>, applied to custom objects as
/// apiextensions-apiserver does. The schema is compiled once; per object the server calls, in kube's
/// order: <see cref="Prune"/> (on decoding), <see cref="ApplyDefaults"/> (after decoding, and again on
/// every read), then <see cref="Validate"/> (on create and update).
/// </summary>
public sealed class StructuralSchema
{
    private readonly SchemaNode _root;

    private StructuralSchema(SchemaNode root, JsonObject source)
    {
        _root = root;
        Source = source;
    }

    /// <summary>The schema as given (a private copy), e.g. for publishing it in OpenAPI documents.</summary>
    public JsonObject Source { get; }

    /// <summary>The parsed schema's root node.</summary>
    internal SchemaNode Root => _root;

    /// <summary>
    /// Reads a schema; what makes it unusable for a CRD (not structural, unsupported keywords, invalid
    /// defaults) is reported in <paramref name="errors"/> with paths relative to the schema
    /// (<c>properties[spec].type</c>).
    /// </summary>
    public static StructuralSchema Parse(JsonObject openApiV3Schema, out IReadOnlyList<FieldError> errors)
        => Parse(openApiV3Schema, "", out errors);

    /// <summary>
    /// Reads a schema, reporting errors under <paramref name="fieldPath"/>, e.g.
    /// <c>spec.versions[0].schema.openAPIV3Schema</c>.
    /// </summary>
    public static StructuralSchema Parse(JsonObject openApiV3Schema, string fieldPath, out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        return ParsedSchemaCache.GetOrParse(openApiV3Schema, fieldPath, ParseAnew, out errors);
    }

    private static (StructuralSchema, IReadOnlyList<FieldError>) ParseAnew(JsonObject openApiV3Schema, string fieldPath)
    {
        var source = (JsonObject)openApiV3Schema.DeepClone();
        var root = SchemaNodeParser.Parse(source, fieldPath, out var errors);
        return (new StructuralSchema(root, source), [.. errors]);
    }

    /// <summary>Fills in <c>default</c> values, in place.</summary>
    public void ApplyDefaults(JsonObject obj) => SchemaDefaulter.Apply(obj, _root);

    /// <summary>
    /// Drops fields the schema does not declare (unless <c>x-kubernetes-preserve-unknown-fields</c>),
    /// unknown <c>metadata</c> fields, and nulls of non-nullable fields without a default, in place.
    /// <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> always stay at the root.
    /// </summary>
    public void Prune(JsonObject obj) => SchemaPruner.Prune(obj, _root, isRoot: true);

    /// <summary>
    /// <see cref="Prune"/>, returning the paths of the unknown fields it dropped
    /// (<c>spec.volumes[0].bogus</c>), for <c>fieldValidation=Strict</c> (an error per path,
    /// <c>unknown field "spec.bogus"</c>) and <c>Warn</c> (a warning per path), as kube-apiserver does.
    /// </summary>
    public IReadOnlyList<string> PruneAndReportUnknownFields(JsonObject obj)
    {
        var pruned = new List<string>();
        SchemaPruner.Prune(obj, _root, isRoot: true, pruned);
        return pruned;
    }

    /// <summary>
    /// Validates the whole object: the schema, embedded resources' apiVersion/kind/metadata, and the
    /// <c>x-kubernetes-list-type</c> set/map invariants. An empty list means valid. Root
    /// <c>metadata</c> is checked only against what the schema says of it (name, generateName); the
    /// rest of ObjectMeta validation belongs to the server.
    /// </summary>
    public IReadOnlyList<FieldError> Validate(JsonObject obj) => Validate(obj, null, []);

    /// <summary>
    /// <see cref="Validate(JsonObject)"/> (on an update, values equal to <paramref name="old"/>'s are not validated: kube's
    /// ratcheting), then the <c>x-kubernetes-validations</c> rules (with <paramref name="old"/> for transition rules and ratcheting; rules that failed on unchanged values add to <paramref name="warnings"/>). As kube, the
    /// rules are not run when the schema found a value of the wrong type or not in its enum; an error says so instead.
    /// </summary>
    public IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? old, ICollection<string> warnings)
    {
        var errors = new List<FieldError>();
        SchemaValidator.ValidateUpdate(_root, obj, old, errors);
        EmbeddedResourceValidator.Validate(_root, obj, errors);
        ListTypeValidator.Validate(_root, obj, errors);
        if (_root.RulesBelow)
        {
            if (errors.Any(e => e.Reason is "FieldValueTypeInvalid" or "FieldValueNotSupported"))
            {
                errors.Add(FieldErrors.InvalidFormatted("<nil>", "\"null\"", "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            }
            else
            {
                Rules.RuleValidator.Validate(_root, obj, old, errors, warnings);
            }
        }

        return errors;
    }
}
