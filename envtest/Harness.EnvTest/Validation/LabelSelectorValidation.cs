using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// apimachinery's <c>ValidateLabelSelector</c> (a <c>metav1.LabelSelector</c>): <c>matchLabels</c> as labels, then each of
/// <c>matchExpressions</c>: its operator's values, a qualified-name key, label values.
/// </summary>
internal static class LabelSelectorValidation
{
    public static void Validate(JsonObject? selector, string path, List<FieldError> errors)
    {
        if (selector is null)
        {
            return;
        }

        LabelValidation.Validate(JsonFields.Object(selector, "matchLabels"), path + ".matchLabels", errors);
        var expressions = JsonFields.Array(selector, "matchExpressions");
        for (var i = 0; i < expressions.Count; i++)
        {
            var requirement = $"{path}.matchExpressions[{i}]";
            var values = JsonFields.Strings(expressions[i], "values").ToList();
            var op = JsonFields.String(expressions[i], "operator") ?? string.Empty;
            switch (op)
            {
                case "In" or "NotIn" when values.Count == 0:
                    errors.Add(FieldErrorFactory.Required(requirement + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    break;
                case "Exists" or "DoesNotExist" when values.Count > 0:
                    errors.Add(FieldErrorFactory.Forbidden(requirement + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    errors.Add(FieldErrorFactory.Invalid(requirement + ".operator", op, "not a valid selector operator"));
                    break;
            }

            var key = JsonFields.String(expressions[i], "key") ?? string.Empty;
            errors.AddRange(QualifiedName.Errors(key).Select(message => FieldErrorFactory.Invalid(requirement + ".key", key, message)));
            for (var v = 0; v < values.Count; v++)
            {
                var value = values[v];
                errors.AddRange(LabelValidation.ValueErrors(value).Select(message => FieldErrorFactory.Invalid($"{requirement}.values[{v}]", value, message)));
            }
        }
    }
}
