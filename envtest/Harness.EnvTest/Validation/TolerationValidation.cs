using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>kube's <c>ValidateTolerations</c>: keys are qualified names, the operator fits the key and value, the effect is a taint effect.</summary>
internal static class TolerationValidation
{
    private static readonly string[] Operators = ["Equal", "Exists"];
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public static void Validate(IList<JsonNode?> tolerations, List<FieldError> errors)
    {
        for (var i = 0; i < tolerations.Count; i++)
        {
            var path = $"spec.tolerations[{i}]";
            var key = JsonFields.String(tolerations[i], "key") ?? string.Empty;
            var op = JsonFields.String(tolerations[i], "operator") ?? string.Empty;
            var value = JsonFields.String(tolerations[i], "value") ?? string.Empty;
            var effect = JsonFields.String(tolerations[i], "effect") ?? string.Empty;
            if (key.Length > 0)
            {
                errors.AddRange(QualifiedName.Errors(key).Select(message => FieldErrorFactory.Invalid(path + ".key", key, message)));
            }

            if (key.Length == 0 && op != "Exists")
            {
                errors.Add(FieldErrorFactory.Invalid(path + ".operator", op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }

            if ((tolerations[i] as JsonObject)?["tolerationSeconds"] is not null && effect != "NoExecute")
            {
                errors.Add(FieldErrorFactory.Invalid(path + ".effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }

            switch (op)
            {
                case "Equal" or "":
                    if (LabelValidation.ValueErrors(value) is { Count: > 0 } messages)
                    {
                        errors.Add(FieldErrorFactory.Invalid(path + ".operator", value, string.Join(";", messages)));
                    }

                    break;
                case "Exists" when value.Length > 0:
                    errors.Add(FieldErrorFactory.Invalid(path + ".operator", value, "value must be empty when `operator` is 'Exists'"));
                    break;
                case "Exists":
                    break;
                default:
                    errors.Add(FieldErrorFactory.NotSupported(path + ".operator", op, Operators));
                    break;
            }

            if (effect.Length > 0 && !Effects.Contains(effect))
            {
                errors.Add(FieldErrorFactory.NotSupported(path + ".effect", effect, Effects));
            }
        }
    }
}
