using System.Text.RegularExpressions;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>Object name rules (RFC 1123 subdomain and label, RFC 1035 label) with kube's messages.</summary>
internal static partial class NameValidation
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    public static void Subdomain(string field, string name, List<FieldError> errors) =>
        errors.AddRange(SubdomainErrors(name).Select(message => FieldErrorFactory.Invalid(field, name, message)));

    /// <summary>kube's <c>IsDNS1123Subdomain</c>: what is wrong with <paramref name="name"/> as a subdomain, if anything.</summary>
    public static IEnumerable<string> SubdomainErrors(string name)
    {
        if (name.Length > 253)
        {
            yield return "must be no more than 253 characters";
        }

        if (!SubdomainRegex().IsMatch(name))
        {
            yield return SubdomainMessage;
        }
    }

    public static void Label(string field, string name, List<FieldError> errors) =>
        errors.AddRange(LabelErrors(name).Select(message => FieldErrorFactory.Invalid(field, name, message)));

    /// <summary>kube's <c>IsDNS1123Label</c>; a name that would be a valid subdomain can only be wrong for its dots.</summary>
    public static IEnumerable<string> LabelErrors(string name)
    {
        if (name.Length > 63)
        {
            yield return "must be no more than 63 characters";
        }

        if (!LabelRegex().IsMatch(name))
        {
            yield return SubdomainRegex().IsMatch(name) ? "must not contain dots" : LabelMessage;
        }
    }

    /// <summary>kube's <c>IsValidPathSegmentName</c>: not <c>.</c> or <c>..</c>, without <c>/</c> or <c>%</c>.</summary>
    public static void PathSegment(string field, string name, List<FieldError> errors)
    {
        if (name is "." or "..")
        {
            errors.Add(FieldErrorFactory.Invalid(field, name, $"may not be '{name}'"));
            return;
        }

        errors.AddRange(new[] { "/", "%" }.Where(bad => name.Contains(bad, StringComparison.Ordinal)).Select(bad => FieldErrorFactory.Invalid(field, name, $"may not contain '{bad}'")));
    }

    /// <summary>kube's <c>IsDNS1035Label</c>: what is wrong with <paramref name="name"/> as a DNS-1035 label, if anything.</summary>
    public static IEnumerable<string> Dns1035Problems(string name)
    {
        if (name.Length > 63)
        {
            yield return "must be no more than 63 characters";
        }

        if (!Dns1035Regex().IsMatch(name))
        {
            yield return Dns1035Message;
        }
    }

    /// <summary><see cref="Dns1035Problems"/> joined by commas, as apiextensions joins them; null when there are none.</summary>
    public static string? Dns1035Errors(string name) => Dns1035Problems(name).ToList() is { Count: > 0 } problems ? string.Join(',', problems) : null;

    public static bool IsLabel(string name) => name.Length <= 63 && LabelRegex().IsMatch(name);

    public static bool IsSubdomain(string name) => name.Length <= 253 && SubdomainRegex().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Regex();
}
