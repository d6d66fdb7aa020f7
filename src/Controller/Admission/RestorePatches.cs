using Harness.Reconciling;

namespace Harness.Controller.Admission;

/// <summary>
/// virt-api's check of <c>spec.patches</c> (behaviour reference §4.2, W6 and W7): a string rule, not a JSON parse.
/// Each patch, with its outer braces trimmed, is split on <c>,</c> into pairs and each pair on <c>:</c>; a pair without
/// exactly one <c>:</c> is malformed (so a value holding a colon, such as a MAC written with colons, is refused), and a
/// <c>"path"</c> must start with <c>"/spec/</c>, <c>"/metadata/labels/</c> or <c>"/metadata/annotations/</c>.
/// </summary>
internal static class RestorePatches
{
    private const string Field = "spec.patches";

    public static IEnumerable<AdmissionCause> Check(IEnumerable<string> patches)
    {
        foreach (var patch in patches)
        {
            foreach (var pair in patch.Trim('{', '}').Split(','))
            {
                var parts = pair.Split(':');
                if (parts.Length != 2)
                {
                    yield return AdmissionCause.Invalid(Field, $"patch format is not valid - one \":\" expected in a single key-value json patch: {pair}");
                    continue;
                }

                var value = parts[1].Trim();
                if (parts[0].Trim() == "\"path\""
                    && !value.StartsWith("\"/metadata/labels/", StringComparison.Ordinal)
                    && !value.StartsWith("\"/metadata/annotations/", StringComparison.Ordinal)
                    && !value.StartsWith("\"/spec/", StringComparison.Ordinal))
                {
                    yield return AdmissionCause.Invalid(Field, $"patching is valid only for elements under /spec/ only: {pair}");
                }
            }
        }
    }
}
