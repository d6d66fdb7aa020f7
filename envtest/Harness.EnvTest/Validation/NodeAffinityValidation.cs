using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube's <c>validateNodeAffinity</c> (1.32): required terms (at least one), each requirement's operator and value count and
/// label-name key, field requirements on <c>metadata.name</c> only with one node name; preferred terms weighted 1-100.
/// </summary>
internal static class NodeAffinityValidation
{
    private const string Path = "spec.affinity.nodeAffinity";

    public static void Validate(JsonObject? spec, List<FieldError> errors)
    {
        var nodeAffinity = JsonFields.Object(JsonFields.Object(spec, "affinity"), "nodeAffinity");
        if (JsonFields.Object(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution") is { } required)
        {
            var path = Path + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
            var terms = JsonFields.Array(required, "nodeSelectorTerms");
            if (terms.Count == 0)
            {
                errors.Add(FieldErrorFactory.Required(path, "must have at least one node selector term"));
            }

            for (var i = 0; i < terms.Count; i++)
            {
                ValidateTerm(terms[i], $"{path}[{i}]", errors);
            }
        }

        var preferred = JsonFields.Array(nodeAffinity, "preferredDuringSchedulingIgnoredDuringExecution");
        for (var i = 0; i < preferred.Count; i++)
        {
            var path = $"{Path}.preferredDuringSchedulingIgnoredDuringExecution[{i}]";
            ValidateWeight(preferred[i], path, errors);
            ValidateTerm(JsonFields.Object(preferred[i], "preference"), path + ".preference", errors);
        }
    }

    /// <summary>A preferred (weighted) term's <c>weight</c>, node or pod affinity's: 1-100.</summary>
    public static void ValidateWeight(JsonNode? weighted, string path, List<FieldError> errors)
    {
        var weight = JsonFields.Integer(weighted, "weight") ?? 0;
        if (weight is <= 0 or > 100)
        {
            errors.Add(FieldErrorFactory.InvalidNumber(path + ".weight", weight, "must be in the range 1-100"));
        }
    }

    private static void ValidateTerm(JsonNode? term, string path, List<FieldError> errors)
    {
        var expressions = JsonFields.Array(term, "matchExpressions");
        for (var j = 0; j < expressions.Count; j++)
        {
            var requirement = $"{path}.matchExpressions[{j}]";
            var values = JsonFields.Array(expressions[j], "values").Count;
            var op = JsonFields.String(expressions[j], "operator") ?? string.Empty;
            switch (op)
            {
                case "In" or "NotIn" when values == 0:
                    errors.Add(FieldErrorFactory.Required(requirement + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    break;
                case "Exists" or "DoesNotExist" when values > 0:
                    errors.Add(FieldErrorFactory.Forbidden(requirement + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    break;
                case "Gt" or "Lt" when values != 1:
                    errors.Add(FieldErrorFactory.Required(requirement + ".values", "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist" or "Gt" or "Lt":
                    break;
                default:
                    errors.Add(FieldErrorFactory.Invalid(requirement + ".operator", op, "not a valid selector operator"));
                    break;
            }

            var key = JsonFields.String(expressions[j], "key") ?? string.Empty;
            errors.AddRange(QualifiedName.Errors(key).Select(message => FieldErrorFactory.Invalid(requirement + ".key", key, message)));
        }

        var fields = JsonFields.Array(term, "matchFields");
        for (var j = 0; j < fields.Count; j++)
        {
            var requirement = $"{path}.matchFields[{j}]";
            var values = JsonFields.Strings(fields[j], "values").ToList();
            var op = JsonFields.String(fields[j], "operator") ?? string.Empty;
            if (op is not ("In" or "NotIn"))
            {
                errors.Add(FieldErrorFactory.Invalid(requirement + ".operator", op, "not a valid selector operator"));
            }
            else if (values.Count != 1)
            {
                errors.Add(FieldErrorFactory.Required(requirement + ".values", "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
            }

            var key = JsonFields.String(fields[j], "key") ?? string.Empty;
            if (key != "metadata.name")
            {
                errors.Add(FieldErrorFactory.Invalid(requirement + ".key", key, "not a valid field selector key"));
                continue;
            }

            for (var v = 0; v < values.Count; v++)
            {
                NameValidation.Subdomain($"{requirement}.values[{v}]", values[v], errors);
            }
        }
    }
}
