using System.Text;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// How a schema property's name reads in a CEL rule, as apiserver's <c>cel.Escape</c> writes it: CEL keywords become
/// <c>__keyword__</c>; <c>__</c>, <c>.</c>, <c>-</c> and <c>/</c> become <c>__underscores__</c>, <c>__dot__</c>,
/// <c>__dash__</c> and <c>__slash__</c>; any other name that is not an identifier cannot be reached from a rule.
/// </summary>
internal static class CelNames
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    };

    /// <summary>The escaped name, or null when the property has no name in CEL.</summary>
    public static string? Escape(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return null;
        }

        if (Reserved.Contains(name))
        {
            return "__" + name + "__";
        }

        var escaped = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' && i + 1 < name.Length && name[i + 1] == '_')
            {
                escaped.Append("__underscores__");
                i++;
            }
            else if (c is '.' or '-' or '/')
            {
                escaped.Append(c switch { '.' => "__dot__", '-' => "__dash__", _ => "__slash__" });
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                escaped.Append(c);
            }
            else
            {
                return null;
            }
        }

        return escaped.ToString();
    }
}
