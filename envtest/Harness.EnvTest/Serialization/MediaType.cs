namespace Harness.EnvTest.Serialization;

/// <summary>A media type with its parameters, as in <c>application/json;as=Table;v=v1;g=meta.k8s.io</c>.</summary>
internal sealed record MediaType(string Type, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Parameter(string name) => Parameters.GetValueOrDefault(name);

    public static MediaType Parse(string text)
    {
        var parts = text.Split(';');
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parameters[part[..eq].Trim()] = part[(eq + 1)..].Trim().Trim('"');
            }
        }

        return new MediaType(parts[0].Trim().ToLowerInvariant(), parameters);
    }

    /// <summary>The entries of an <c>Accept</c> header in the order given (absent: <c>*/*</c>).</summary>
    public static IReadOnlyList<MediaType> ParseAccept(string? accept) =>
        string.IsNullOrWhiteSpace(accept)
            ? [new MediaType("*/*", new Dictionary<string, string>())]
            : accept.Split(',').Where(p => p.Trim().Length > 0).Select(Parse).ToList();
}
