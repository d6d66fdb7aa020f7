namespace Harness.EnvTest.Selectors;

/// <summary>A parsed field selector: comma-separated <c>field=value</c>, <c>field==value</c>, <c>field!=value</c> (backslash escapes).</summary>
internal sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public static FieldSelector Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var part in SplitTerms(text))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var (field, op, value) = SplitOperator(part)
                ?? throw new SelectorException($"invalid selector: '{text}'; can't understand '{part}'");
            requirements.Add(new FieldRequirement(field, op != "!=", Unescape(value, text)));
        }

        return new FieldSelector(requirements);
    }

    /// <summary>The value an equality clause requires for <paramref name="field"/>, if any.</summary>
    public string? RequiredValue(string field) => Requirements.FirstOrDefault(r => r.Equal && r.Field == field)?.Value;

    public bool Matches(Func<string, string?> fieldValue)
    {
        foreach (var requirement in Requirements)
        {
            var actual = fieldValue(requirement.Field) ?? string.Empty;
            if ((actual == requirement.Value) != requirement.Equal)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == ',')
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static (string Field, string Op, string Value)? SplitOperator(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\')
            {
                i++;
                continue;
            }

            foreach (var op in (string[])["!=", "==", "="])
            {
                if (string.CompareOrdinal(term, i, op, 0, op.Length) == 0)
                {
                    return (term[..i].Trim(), op, term[(i + op.Length)..]);
                }
            }
        }

        return null;
    }

    private static string Unescape(string value, string text)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                if (i + 1 >= value.Length || value[i + 1] is not ('\\' or ',' or '='))
                {
                    throw new SelectorException($"invalid selector: '{text}'; invalid escape sequence");
                }

                i++;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }
}
