using Harness.EnvTest.Resources;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Selectors;

/// <summary>
/// A parsed label selector (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>,
/// <c>a</c>, <c>!a</c>, comma-separated, all must hold).
/// </summary>
internal sealed partial class LabelSelector
{
    internal const string ValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private readonly IReadOnlyList<LabelRequirement> requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => requirements.Count == 0;

    public static LabelSelector Parse(string text)
    {
        var requirements = new List<LabelRequirement>();
        var position = 0;
        SkipSpaces(text, ref position);
        if (position == text.Length)
        {
            return Everything;
        }

        while (true)
        {
            requirements.Add(ParseRequirement(text, ref position));
            SkipSpaces(text, ref position);
            if (position == text.Length)
            {
                break;
            }

            if (text[position] != ',')
            {
                throw new SelectorException($"found '{Token(text, position)}', expected: ',' or 'end of string'");
            }

            position++;
        }

        return new LabelSelector(requirements);
    }

    /// <summary>
    /// A <c>metav1.LabelSelector</c> object (<c>matchLabels</c>, <c>matchExpressions</c> with In, NotIn, Exists,
    /// DoesNotExist); null or empty selects everything.
    /// </summary>
    public static LabelSelector FromObject(System.Text.Json.Nodes.JsonObject? selector)
    {
        if (selector is null)
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in selector["matchLabels"] as System.Text.Json.Nodes.JsonObject ?? [])
        {
            requirements.Add(new LabelRequirement(key, SelectorOperator.Equals, [value?.GetValue<string>() ?? string.Empty]));
        }

        foreach (var expression in (selector["matchExpressions"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>())
        {
            var key = expression["key"]?.GetValue<string>() ?? string.Empty;
            var values = (expression["values"] as System.Text.Json.Nodes.JsonArray ?? []).Select(v => v?.GetValue<string>() ?? string.Empty).ToList();
            var op = expression["operator"]?.GetValue<string>() switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                var other => throw new SelectorException($"\"{other}\" is not a valid label selector operator"),
            };
            requirements.Add(new LabelRequirement(key, op, values));
        }

        return requirements.Count == 0 ? Everything : new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var requirement in requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    private static LabelRequirement ParseRequirement(string text, ref int position)
    {
        SkipSpaces(text, ref position);
        if (position < text.Length && text[position] == '!')
        {
            position++;
            SkipSpaces(text, ref position);
            var negated = Identifier(text, ref position);
            ValidateKey(negated);
            return new LabelRequirement(negated, SelectorOperator.DoesNotExist, []);
        }

        var key = Identifier(text, ref position);
        ValidateKey(key);
        SkipSpaces(text, ref position);
        if (position == text.Length || text[position] == ',')
        {
            return new LabelRequirement(key, SelectorOperator.Exists, []);
        }

        SelectorOperator op;
        if (Starts(text, position, "==")) { op = SelectorOperator.Equals; position += 2; }
        else if (Starts(text, position, "!=")) { op = SelectorOperator.NotEquals; position += 2; }
        else if (Starts(text, position, "=")) { op = SelectorOperator.Equals; position += 1; }
        else if (Word(text, position) == "in") { op = SelectorOperator.In; position += 2; }
        else if (Word(text, position) == "notin") { op = SelectorOperator.NotIn; position += 5; }
        else
        {
            throw new SelectorException($"found '{Token(text, position)}', expected: in, notin, =, ==, !=, gt, lt");
        }

        SkipSpaces(text, ref position);
        if (op is SelectorOperator.In or SelectorOperator.NotIn)
        {
            if (position == text.Length || text[position] != '(')
            {
                throw new SelectorException($"found '{Token(text, position)}', expected: '('");
            }

            position++;
            var values = new List<string>();
            while (true)
            {
                SkipSpaces(text, ref position);
                var value = position < text.Length && (text[position] == ',' || text[position] == ')') ? string.Empty : Identifier(text, ref position);
                ValidateValue(key, value);
                values.Add(value);
                SkipSpaces(text, ref position);
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                    continue;
                }

                if (position < text.Length && text[position] == ')')
                {
                    position++;
                    break;
                }

                throw new SelectorException($"found '{Token(text, position)}', expected: ',' or ')'");
            }

            return new LabelRequirement(key, op, values);
        }

        var single = position == text.Length || text[position] == ',' ? string.Empty : Identifier(text, ref position);
        ValidateValue(key, single);
        return new LabelRequirement(key, op, [single]);
    }

    /// <summary>kube's <c>validateLabelKey</c>: a qualified name, every problem joined as its field error reads.</summary>
    internal static void ValidateKey(string key)
    {
        if (QualifiedName.Errors(key) is { Count: > 0 } errors)
        {
            throw new SelectorException($"unable to parse requirement: <nil>: Invalid value: \"{key}\": {string.Join("; ", errors)}");
        }
    }

    internal static void ValidateValue(string key, string value)
    {
        if (LabelValidation.ValueErrors(value) is { Count: > 0 } errors)
        {
            throw new SelectorException($"unable to parse requirement: values[0][{key}]: Invalid value: \"{value}\": {string.Join("; ", errors)}");
        }
    }

    private static string Identifier(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && !IsSpecial(text[position]))
        {
            position++;
        }

        if (position == start)
        {
            throw new SelectorException($"found '{Token(text, position)}', expected: identifier");
        }

        return text[start..position];
    }

    private static bool IsSpecial(char c) => char.IsWhiteSpace(c) || c is ',' or '=' or '!' or '(' or ')';

    private static string Word(string text, int position)
    {
        var end = position;
        while (end < text.Length && !IsSpecial(text[end]))
        {
            end++;
        }

        return text[position..end];
    }

    private static string Token(string text, int position)
    {
        if (position >= text.Length)
        {
            return string.Empty;
        }

        var word = Word(text, position);
        return word.Length > 0 ? word : text[position].ToString();
    }

    private static bool Starts(string text, int position, string token) => string.CompareOrdinal(text, position, token, 0, token.Length) == 0;

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
