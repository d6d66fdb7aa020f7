namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>cel-go's cost factors, shared by the estimate (<see cref="RuleCostEstimator"/>) and the count (<see cref="RuleCostCounter"/>).</summary>
internal static class CelCostFactors
{
    /// <summary>Making a list.</summary>
    public const ulong CreateList = 10;

    /// <summary>Making a map.</summary>
    public const ulong CreateMap = 30;

    /// <summary>Making a message.</summary>
    public const ulong CreateMessage = 40;

    /// <summary>Each character of a string traversed.</summary>
    public const double StringTraversal = 0.1;

    /// <summary>Each character of a regular expression, per character of the text it matches.</summary>
    public const double RegexStringLength = 0.25;
}
