namespace Harness.Reconciling;

/// <summary>
/// client-go's per-item exponential failure rate limiter: the n-th failure of a key in a row (counting from zero)
/// waits <c>baseDelay · 2^n</c>, at most <c>maxDelay</c>, until the key is forgotten.
/// </summary>
public sealed class ExponentialFailureRateLimiter<TKey>
    where TKey : notnull
{
    /// <value>5 ms, as client-go's default controller rate limiter.</value>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(5);

    /// <value>30 s.</value>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Dictionary<TKey, int> failures = [];

    public ExponentialFailureRateLimiter()
        : this(DefaultBaseDelay, DefaultMaxDelay)
    {
    }

    public ExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>Counts one more failure of <paramref name="key"/> and returns how long it should wait.</summary>
    public TimeSpan When(TKey key)
    {
        int exponent;
        lock (gate)
        {
            exponent = failures.GetValueOrDefault(key);
            failures[key] = exponent + 1;
        }

        var ticks = BaseDelay.Ticks * Math.Pow(2, Math.Min(exponent, 62));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Forgets the failures of <paramref name="key"/>: its next failure waits <see cref="BaseDelay"/> again.</summary>
    public void Forget(TKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    /// <summary>How many failures of <paramref name="key"/> have been counted since it was last forgotten.</summary>
    public int Requeues(TKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }
}
