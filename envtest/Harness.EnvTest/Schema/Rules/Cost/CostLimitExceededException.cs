namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>An evaluation's actual cost passed its limit (cel-go's <c>operation cancelled: actual cost limit exceeded</c>).</summary>
internal sealed class CostLimitExceededException(ulong cost) : Exception("operation cancelled: actual cost limit exceeded")
{
    /// <summary>The cost counted when it passed the limit.</summary>
    public ulong Cost { get; } = cost;
}
