using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Resources;

/// <summary>
/// apiextensions-apiserver's API approval: a CRD in a protected community group (<c>k8s.io</c>, <c>kubernetes.io</c> and their
/// subdomains) needs the <c>api-approved.kubernetes.io</c> annotation, a URL or a text starting with <c>unapproved</c>. An update
/// that leaves the approval state as it was is never refused, so CRDs stored before the rule stay writable.
/// </summary>
internal static class CrdApiApproval
{
    public const string Annotation = "api-approved.kubernetes.io";

    private const string Field = "metadata.annotations[" + Annotation + "]";

    private const string SeeKep = "see https://github.com/kubernetes/enhancements/pull/1111";

    private enum State
    {
        Missing,
        Invalid,
        Approved,
        Bypassed,
    }

    public static void Validate(string group, JsonObject crd, JsonObject? old, List<FieldError> errors)
    {
        if (!IsProtected(group))
        {
            return;
        }

        var value = AnnotationOf(crd);
        var state = StateOf(value);
        if (old is not null && StateOf(AnnotationOf(old)) == state)
        {
            return;
        }

        switch (state)
        {
            case State.Missing:
                errors.Add(FieldErrorFactory.Required(Field, $"protected groups must have approval annotation \"{Annotation}\", {SeeKep}"));
                break;
            case State.Invalid:
                errors.Add(FieldErrorFactory.Invalid(Field, value, $"protected groups must have approval annotation \"{Annotation}\" with either a URL or a reason starting with \"unapproved\", {SeeKep}"));
                break;
        }
    }

    /// <summary>Whether <paramref name="group"/> is <c>k8s.io</c>, <c>kubernetes.io</c> or a subdomain of either.</summary>
    public static bool IsProtected(string group) =>
        group is "k8s.io" or "kubernetes.io"
        || group.EndsWith(".k8s.io", StringComparison.Ordinal)
        || group.EndsWith(".kubernetes.io", StringComparison.Ordinal);

    private static string AnnotationOf(JsonObject crd)
        => ObjectJson.Metadata(crd)["annotations"] is JsonObject annotations ? ObjectJson.String(annotations, Annotation) ?? string.Empty : string.Empty;

    private static State StateOf(string value) => value switch
    {
        "" => State.Missing,
        _ when value.StartsWith("unapproved", StringComparison.Ordinal) => State.Bypassed,
        _ when IsRequestUri(value) => State.Approved,
        _ => State.Invalid,
    };

    /// <summary>As Go's <c>url.ParseRequestURI</c>: an absolute URI or an absolute path, without spaces or control characters.</summary>
    private static bool IsRequestUri(string value)
        => !value.Any(c => char.IsControl(c) || c == ' ')
           && (value.StartsWith('/') || Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0 && !uri.IsFile);
}
