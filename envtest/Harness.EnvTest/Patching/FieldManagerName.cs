using System.Text;

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
}
