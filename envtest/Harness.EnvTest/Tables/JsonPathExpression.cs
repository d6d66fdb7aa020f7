using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tables;

/// <summary>
/// The JSONPath subset kube-apiserver evaluates for <c>additionalPrinterColumns</c>
/// (missing keys allowed): <c>.a.b</c>, <c>['a']</c>, <c>[0]</c>, <c>[-1]</c>, <c>[*]</c>, <c>.*</c> and
/// filters such as <c>[?(@.type=="Ready")]</c> with <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&gt;</c>,
/// <c>&lt;=</c>, <c>&gt;=</c> or a bare existence test.
/// </summary>
public sealed class JsonPathExpression
{
    private readonly IReadOnlyList<Step> _steps;

    private JsonPathExpression(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses an expression, with or without the surrounding <c>{}</c>.</summary>
    /// <exception cref="FormatException">The expression is not in the supported subset.</exception>
    public static JsonPathExpression Parse(string text)
    {
        if (!TryParse(text, out var expression, out var error))
        {
            throw new FormatException(error);
        }

        return expression;
    }

    /// <summary>Parses an expression; <paramref name="error"/> says why it cannot be used.</summary>
    public static bool TryParse(string text, out JsonPathExpression expression, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (body.StartsWith('{') && body.EndsWith('}'))
        {
            body = body[1..^1].Trim();
        }

        var steps = new List<Step>();
        var position = 0;
        error = "";
        expression = new JsonPathExpression(text, steps);
        if (body.Length == 0 || body[0] is not ('.' or '['))
        {
            error = $"JSONPath {text} must start with '.' or '['";
            return false;
        }

        if (!ParseSteps(body, ref position, steps, stopAtFilterEnd: false, out error))
        {
            error = $"JSONPath {text}: {error}";
            return false;
        }

        return true;
    }

    /// <summary>The values the expression selects, in document order (empty when keys are missing).</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? input) => Evaluate(_steps, input);

    private static IReadOnlyList<JsonNode?> Evaluate(IReadOnlyList<Step> steps, JsonNode? input)
    {
        var current = new List<JsonNode?> { input };
        foreach (var step in steps)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                step.Apply(node, next);
            }

            current = next;
        }

        return current;
    }

    private static bool ParseSteps(string s, ref int i, List<Step> steps, bool stopAtFilterEnd, out string error)
    {
        error = "";
        while (i < s.Length)
        {
            var c = s[i];
            if (stopAtFilterEnd && (c == ')' || c == ' ' || c is '=' or '!' or '<' or '>'))
            {
                return true;
            }

            if (c == '.')
            {
                i++;
                if (i < s.Length && s[i] == '.')
                {
                    error = "recursive descent '..' is not supported";
                    return false;
                }

                if (i < s.Length && s[i] == '*')
                {
                    i++;
                    steps.Add(new WildcardStep());
                    continue;
                }

                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '-' or '/' or '$'))
                {
                    i++;
                }

                if (i == start)
                {
                    if (i >= s.Length && steps.Count == 0)
                    {
                        continue;
                    }

                    error = $"expected a field name at position {start}";
                    return false;
                }

                steps.Add(new FieldStep(s[start..i]));
                continue;
            }

            if (c == '[')
            {
                if (!ParseBracket(s, ref i, steps, out error))
                {
                    return false;
                }

                continue;
            }

            error = $"unexpected '{c}' at position {i}";
            return false;
        }

        return true;
    }

    private static bool ParseBracket(string s, ref int i, List<Step> steps, out string error)
    {
        error = "";
        var close = s.IndexOf(']', i);
        if (s.AsSpan(i).StartsWith("[?("))
        {
            i += 3;
            var filter = ParseFilter(s, ref i, out error);
            if (filter is null)
            {
                return false;
            }

            if (!s.AsSpan(i).StartsWith(")]"))
            {
                error = $"expected ')]' at position {i}";
                return false;
            }

            i += 2;
            steps.Add(filter);
            return true;
        }

        if (close < 0)
        {
            error = "unclosed '['";
            return false;
        }

        var inner = s[(i + 1)..close].Trim();
        i = close + 1;
        if (inner == "*")
        {
            steps.Add(new WildcardStep());
            return true;
        }

        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            steps.Add(new FieldStep(inner[1..^1]));
            return true;
        }

        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            steps.Add(new IndexStep(index));
            return true;
        }

        error = $"unsupported subscript [{inner}]";
        return false;
    }

    private static FilterStep? ParseFilter(string s, ref int i, out string error)
    {
        SkipSpaces(s, ref i);
        if (i >= s.Length || s[i] != '@')
        {
            error = $"filter must start with '@' at position {i}";
            return null;
        }

        i++;
        var left = new List<Step>();
        if (!ParseSteps(s, ref i, left, stopAtFilterEnd: true, out error))
        {
            return null;
        }

        SkipSpaces(s, ref i);
        if (i < s.Length && s[i] == ')')
        {
            return new FilterStep(left, null, null);
        }

        var op = "";
        foreach (var candidate in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (s.AsSpan(i).StartsWith(candidate))
            {
                op = candidate;
                break;
            }
        }

        if (op.Length == 0)
        {
            error = $"expected a comparison operator at position {i}";
            return null;
        }

        i += op.Length;
        SkipSpaces(s, ref i);
        var right = ParseLiteral(s, ref i, out error);
        if (right is null && error.Length > 0)
        {
            return null;
        }

        SkipSpaces(s, ref i);
        return new FilterStep(left, op, right);
    }

    private static JsonNode? ParseLiteral(string s, ref int i, out string error)
    {
        error = "";
        if (i < s.Length && s[i] is '\'' or '"')
        {
            var quote = s[i];
            var end = s.IndexOf(quote, i + 1);
            if (end < 0)
            {
                error = "unterminated string literal";
                return null;
            }

            var literal = s[(i + 1)..end];
            i = end + 1;
            return JsonValue.Create(literal);
        }

        var start = i;
        while (i < s.Length && s[i] != ')' && s[i] != ' ')
        {
            i++;
        }

        var token = s[start..i];
        if (token is "true" or "false")
        {
            return JsonValue.Create(token == "true");
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        error = $"unsupported literal '{token}'";
        return null;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }
    }

    private abstract class Step
    {
        public abstract void Apply(JsonNode? node, List<JsonNode?> results);
    }

    private sealed class FieldStep(string name) : Step
    {
        public override void Apply(JsonNode? node, List<JsonNode?> results)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(name, out var value))
            {
                results.Add(value);
            }
        }
    }

    private sealed class IndexStep(int index) : Step
    {
        public override void Apply(JsonNode? node, List<JsonNode?> results)
        {
            if (node is not JsonArray array)
            {
                return;
            }

            var i = index < 0 ? array.Count + index : index;
            if (i >= 0 && i < array.Count)
            {
                results.Add(array[i]);
            }
        }
    }

    private sealed class WildcardStep : Step
    {
        public override void Apply(JsonNode? node, List<JsonNode?> results)
        {
            switch (node)
            {
                case JsonArray array:
                    results.AddRange(array);
                    break;
                case JsonObject obj:
                    results.AddRange(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));
                    break;
            }
        }
    }

    private sealed class FilterStep(IReadOnlyList<Step> left, string? op, JsonNode? right) : Step
    {
        public override void Apply(JsonNode? node, List<JsonNode?> results)
        {
            IEnumerable<JsonNode?> candidates = node switch
            {
                JsonArray array => array,
                JsonObject obj => [obj],
                _ => [],
            };
            foreach (var candidate in candidates)
            {
                var values = Evaluate(left, candidate);
                if (values.Count == 0)
                {
                    continue;
                }

                if (op is null || Compare(values[0], op, right))
                {
                    results.Add(candidate);
                }
            }
        }

        private static bool Compare(JsonNode? value, string op, JsonNode? literal)
        {
            if (op is "==" or "!=")
            {
                var equal = Equal(value, literal);
                return op == "==" ? equal : !equal;
            }

            if (value is not JsonValue v || literal is not JsonValue l || v.GetValueKind() != JsonValueKind.Number || l.GetValueKind() != JsonValueKind.Number)
            {
                return false;
            }

            var a = JsonKinds.GetDouble(v);
            var b = JsonKinds.GetDouble(l);
            return op switch
            {
                "<" => a < b,
                ">" => a > b,
                "<=" => a <= b,
                _ => a >= b,
            };
        }

        private static bool Equal(JsonNode? value, JsonNode? literal)
        {
            if (value is JsonValue v && literal is JsonValue l && v.GetValueKind() == JsonValueKind.String && l.GetValueKind() == JsonValueKind.String)
            {
                return v.GetValue<string>() == l.GetValue<string>();
            }

            return JsonKinds.DeepEquals(value, literal);
        }
    }
}
