using System.Text.RegularExpressions;

namespace Harness.EnvTest.Resources;

/// <summary>kube's <c>IsQualifiedName</c>: a name of at most 63 characters with an optional DNS subdomain prefix and '/'.</summary>
internal static partial class QualifiedName
{
    private const string NameFormat =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    /// <summary>What is wrong with <paramref name="value"/>, in kube's words; empty when it is a qualified name.</summary>
    public static IReadOnlyList<string> Errors(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        if (parts.Length > 2)
        {
            return ["a qualified name " + NameFormat + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        var name = parts[^1];
        if (parts.Length == 2)
        {
            errors.AddRange(parts[0].Length == 0 ? ["prefix part must be non-empty"] : NameValidation.SubdomainErrors(parts[0]).Select(m => "prefix part " + m));
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            errors.Add("name part must be no more than 63 characters");
        }

        if (!NameRegex().IsMatch(name))
        {
            errors.Add("name part " + NameFormat);
        }

        return errors;
    }

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex NameRegex();
}
