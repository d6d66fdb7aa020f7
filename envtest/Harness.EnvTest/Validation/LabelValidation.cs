using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Selectors;

namespace Harness.EnvTest.Validation;

/// <summary>kube's <c>ValidateLabels</c> and <c>IsValidLabelValue</c>.</summary>
internal static partial class LabelValidation
{
    /// <summary>
    /// Each key a qualified name, each value a label value, every error on <paramref name="path"/> itself. kube walks the Go map in
    /// random order; here the keys go in byte order.
    /// </summary>
    public static void Validate(JsonObject? labels, string path, List<FieldError> errors)
    {
        foreach (var (key, value) in (labels ?? []).OrderBy(label => label.Key, StringComparer.Ordinal))
        {
            errors.AddRange(QualifiedName.Errors(key).Select(message => FieldErrorFactory.Invalid(path, key, message)));
            var text = value is JsonValue json && json.TryGetValue<string>(out var s) ? s : string.Empty;
            errors.AddRange(ValueErrors(text).Select(message => FieldErrorFactory.Invalid(path, text, message)));
        }
    }

    public static List<string> ValueErrors(string value)
    {
        var messages = new List<string>();
        if (value.Length > 63)
        {
            messages.Add("must be no more than 63 characters");
        }

        if (!ValueRegex().IsMatch(value))
        {
            messages.Add(LabelSelector.ValueMessage);
        }

        return messages;
    }

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\\z")]
    private static partial Regex ValueRegex();
}
