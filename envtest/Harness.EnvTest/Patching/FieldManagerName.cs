using System.Text;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Patching;

/// <summary>Which field manager a write is recorded under.</summary>
public static class FieldManagerName
{
    /// <summary>The longest field manager name kube-apiserver accepts, in bytes.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// The <c>fieldManager</c> query parameter when given, else the <c>User-Agent</c> up to its first
    /// <c>/</c> without unprintable characters, cut at <see cref="MaxLength"/> bytes
    /// (<c>kubectl/v1.32.0 (linux/amd64)</c> gives <c>kubectl</c>), as kube-apiserver names updaters.
    /// </summary>
    public static string Resolve(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
        {
            return fieldManager;
        }

        var prefix = (userAgent ?? string.Empty).Split('/')[0];
        var name = new StringBuilder();
        var bytes = 0;
        foreach (var rune in prefix.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }

            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxLength)
            {
                break;
            }

            name.Append(rune.ToString());
        }

        return name.ToString();
    }

    /// <summary>
    /// Checks a <c>fieldManager</c> option as kube-apiserver does for create and update
    /// (<paramref name="optionsKind"/> <c>CreateOptions</c>, <c>UpdateOptions</c>): at most <see cref="MaxLength"/> bytes.
    /// </summary>
    /// <exception cref="PatchException">422 <c>CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: ...</c>.</exception>
    public static void Validate(string? fieldManager, string optionsKind)
    {
        if (Errors(fieldManager).ToList() is [_, ..] errors)
        {
            throw InvalidOptions(optionsKind, errors);
        }
    }

    internal static IEnumerable<FieldError> Errors(string? fieldManager)
    {
        if (fieldManager is not null && Encoding.UTF8.GetByteCount(fieldManager) > MaxLength)
        {
            yield return new FieldError("FieldValueTooLong", "fieldManager", $"Too long: may not be more than {MaxLength} bytes");
        }
    }

    internal static PatchException InvalidOptions(string optionsKind, IReadOnlyList<FieldError> errors)
    {
        var list = errors.Select(e => $"{e.Field}: {e.Message}").ToList();
        var aggregate = list.Count == 1 ? list[0] : $"[{string.Join(", ", list)}]";
        return new PatchException(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: {aggregate}", errors)
        {
            DetailsGroup = "meta.k8s.io",
            DetailsKind = optionsKind,
        };
    }
}
