namespace Harness.Benchmarks;

/// <summary>
/// Runs warm-up rounds until one compiles no method (tiered compilation has reached its optimized code), at most
/// <see cref="MaxRounds"/>: otherwise the measured seconds run instrumented and unoptimized code.
/// </summary>
internal static class JitWarmUp
{
    public const int MaxRounds = 30;

    /// <summary>Runs <paramref name="round"/> (given its number) until the JIT settles; returns how many rounds ran.</summary>
    public static async Task<int> UntilSettledAsync(Func<int, Task> round)
    {
        var rounds = 0;
        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await round(rounds);
            rounds++;
        }
        while (System.Runtime.JitInfo.GetCompiledMethodCount() != compiled && rounds < MaxRounds);
        return rounds;
    }
}
