namespace Harness.EnvTest.Serialization.GoStructs;

/// <summary>A Go struct's fields in declaration order, the order its JSON encoder writes them.</summary>
internal sealed class GoStructLayout(IReadOnlyList<GoField> fields)
{
    public IReadOnlyList<GoField> Fields { get; } = fields;

    /// <summary>One line of <see cref="GoStructLayouts"/>' table: the fields after the model's name, <c>name</c>, <c>name*</c> (<see cref="GoField.KeepsZero"/>), <c>name!json</c> (<see cref="GoField.WhenAbsent"/>).</summary>
    public static GoStructLayout Parse(IEnumerable<string> tokens) => new(tokens.Select(ParseField).ToList());

    /// <summary>The table line of this layout's fields, the inverse of <see cref="Parse"/>.</summary>
    public string Format() => string.Join(' ', Fields.Select(f => f.Name + (f.KeepsZero && f.WhenAbsent is null ? "*" : string.Empty) + (f.WhenAbsent is { } json ? "!" + json : string.Empty)));

    private static GoField ParseField(string token)
    {
        var bang = token.IndexOf('!', StringComparison.Ordinal);
        var name = bang < 0 ? token : token[..bang];
        var absent = bang < 0 ? null : token[(bang + 1)..];
        return name.EndsWith('*') ? new GoField(name[..^1], absent, KeepsZero: true) : new GoField(name, absent, KeepsZero: absent is not null);
    }
}
