using System.Globalization;

namespace Harness.Scenarios.Invariants;

/// <summary>One broken invariant: which, about what, when (virtual time of the run), and what was seen.</summary>
public sealed record Violation(string Invariant, string Subject, DateTimeOffset? At, string Message)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Invariant}: {Subject}{(At is { } at ? $" at {at:HH:mm:ss.fff}" : "")}: {Message}");
}
