using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary><c>anyOf</c>, <c>oneOf</c>, <c>allOf</c> and <c>not</c>, with kube-openapi's messages.</summary>
internal sealed partial class SchemaValidator
{
    private void CheckValueValidations(SchemaNode node, JsonNode value)
    {
        var root = Name;
        if (node.AnyOf is { } anyOf)
        {
            List<FieldError>? best = null;
            var succeeded = false;
            foreach (var branch in anyOf)
            {
                var result = Validate(branch, value, root);
                if (result.Count == 0)
                {
                    succeeded = true;
                    best = null;
                    break;
                }

                if (best is null || result.Count < best.Count)
                {
                    best = result;
                }
            }

            if (!succeeded)
            {
                _errors.Add(FieldErrors.InvalidFormatted("", "\"\"", $"{GoValueFormat.Quote(root)} must validate at least one schema (anyOf)"));
                _errors.AddRange(best!);
            }
        }

        if (node.OneOf is { } oneOf)
        {
            List<FieldError>? best = null;
            var validated = 0;
            foreach (var branch in oneOf)
            {
                var result = Validate(branch, value, root);
                if (result.Count == 0)
                {
                    validated++;
                }
                else if (validated == 0 && (best is null || result.Count < best.Count))
                {
                    best = result;
                }
            }

            if (validated != 1)
            {
                var additional = validated == 0 ? "Found none valid" : $"Found {validated} valid alternatives";
                _errors.Add(FieldErrors.InvalidFormatted("", "\"\"", $"{GoValueFormat.Quote(root)} must validate one and only one schema (oneOf). {additional}"));
                if (validated == 0 && best is not null)
                {
                    _errors.AddRange(best);
                }
            }
        }

        if (node.AllOf is { } allOf)
        {
            var validated = 0;
            foreach (var branch in allOf)
            {
                var before = _errors.Count;
                Validate(branch, value, root, _errors);
                if (_errors.Count == before)
                {
                    validated++;
                }
            }

            if (validated != allOf.Length)
            {
                var additional = validated == 0 ? ". None validated" : "";
                _errors.Add(FieldErrors.InvalidFormatted("", "\"\"", $"{GoValueFormat.Quote(root)} must validate all the schemas (allOf){additional}"));
            }
        }

        if (node.Not is { } not && Validate(not, value, root).Count == 0)
        {
            _errors.Add(FieldErrors.InvalidFormatted("", "\"\"", $"{GoValueFormat.Quote(root)} must not validate the schema (not)"));
        }
    }
}
