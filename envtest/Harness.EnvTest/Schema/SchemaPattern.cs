using System.Text.RegularExpressions;

namespace Harness.EnvTest.Schema;

/// <summary>
/// A schema's <c>pattern</c>, matched in linear time (.NET's NonBacktracking engine, as Go's RE2 is linear).
/// Building that matcher costs a fresh process about 30 ms, so it is built on the first match when the pattern has
/// no construct the engine might refuse; patterns with one are built at once, so that the CRD is rejected at creation.
/// </summary>
internal sealed class SchemaPattern
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    // Group constructs (lookarounds, atomic groups, conditionals, inline options), \G, named and numbered backreferences.
    private static readonly string[] ConstructsToCheckAtOnce = ["(?", @"\G", @"\k", @"\1", @"\2", @"\3", @"\4", @"\5", @"\6", @"\7", @"\8", @"\9"];

    private readonly Lazy<Regex> _matcher;

    private SchemaPattern(string text, Lazy<Regex> matcher)
    {
        Text = text;
        _matcher = matcher;
    }

    /// <summary>The pattern as written in the schema.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ArgumentException"/> when it is not a regular expression the engine accepts.</summary>
    public static SchemaPattern Parse(string text)
    {
        if (ConstructsToCheckAtOnce.Any(construct => text.Contains(construct, StringComparison.Ordinal)))
        {
            try
            {
                var matcher = new Regex(text, Options);
                return new SchemaPattern(text, new Lazy<Regex>(matcher));
            }
            catch (NotSupportedException unsupported)
            {
                throw new ArgumentException(unsupported.Message, nameof(text), unsupported);
            }
        }

        _ = new Regex(text, RegexOptions.CultureInvariant);
        return new SchemaPattern(text, new Lazy<Regex>(() => new Regex(text, Options)));
    }

    public bool IsMatch(string value) => _matcher.Value.IsMatch(value);
}
