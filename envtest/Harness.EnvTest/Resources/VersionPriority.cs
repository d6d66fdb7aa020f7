using System.Text.RegularExpressions;

namespace Harness.EnvTest.Resources;

/// <summary>Orders API versions as Kubernetes does: GA, then beta, then alpha (each highest first), then the rest by name.</summary>
internal sealed partial class VersionPriority : IComparer<string>
{
    public static readonly VersionPriority Instance = new();

    public int Compare(string? x, string? y)
    {
        var (kx, mx, nx) = Parse(x ?? string.Empty);
        var (ky, my, ny) = Parse(y ?? string.Empty);
        if (kx != ky)
        {
            return kx.CompareTo(ky);
        }

        if (kx == 3)
        {
            return string.CompareOrdinal(x, y);
        }

        if (mx != my)
        {
            return my.CompareTo(mx);
        }

        return ny.CompareTo(nx);
    }

    private static (int Kind, int Major, int Minor) Parse(string version)
    {
        var match = VersionRegex().Match(version);
        if (!match.Success)
        {
            return (3, 0, 0);
        }

        var major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var minor = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return match.Groups[2].Value switch
        {
            "" => (0, major, 0),
            "beta" => (1, major, minor),
            _ => (2, major, minor),
        };
    }

    [GeneratedRegex("^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$")]
    private static partial Regex VersionRegex();
}
