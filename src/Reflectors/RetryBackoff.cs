namespace Harness.Reflectors;

/// <summary>
/// The pause before a reflector's next list or watch after a failure, as client-go's backoff manager: it starts at
/// <see cref="Initial"/>, doubles with each failure up to <see cref="Max"/>, adds up to half again drawn from the owner's
/// seeded source (so that watches that failed together do not return together), never exceeds <see cref="Max"/>, and
/// starts over once <see cref="ResetAfter"/> has passed without a failure or a watch has delivered events again.
/// </summary>
public sealed class RetryBackoff(TimeProvider time, Func<double> jitter)
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ResetAfter = TimeSpan.FromMinutes(2);

    private TimeSpan next = Initial;
    private DateTimeOffset lastFailure = DateTimeOffset.MinValue;

    /// <summary>The pause for a failure now, and the next one made longer.</summary>
    public TimeSpan Next()
    {
        var now = time.GetUtcNow();
        if (now - lastFailure > ResetAfter)
        {
            next = Initial;
        }

        lastFailure = now;
        var pause = next + next * (0.5 * jitter());
        next = next * 2 > Max ? Max : next * 2;
        return pause > Max ? Max : pause;
    }

    /// <summary>Starts over: the server answered as it should.</summary>
    public void Reset() => next = Initial;
}
