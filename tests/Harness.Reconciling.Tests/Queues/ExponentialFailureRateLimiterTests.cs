using FsCheck.Xunit;

namespace Harness.Reconciling.Tests.Queues;

public sealed class ExponentialFailureRateLimiterTests
{
    private static readonly ObjectKey Key = new("ns", "a");

    [Fact]
    public void When_RepeatedFailures_DoublesFromTheBaseDelay()
    {
        var limiter = new ExponentialFailureRateLimiter<ObjectKey>();

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When(Key)).ToList();

        Assert.Equal([5, 10, 20, 40, 80], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(5, limiter.Requeues(Key));
    }

    [Fact]
    public void When_ManyFailures_StaysAtTheCap()
    {
        var limiter = new ExponentialFailureRateLimiter<ObjectKey>(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(0, 200).Select(_ => limiter.When(Key)).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(25_600), delays[9]);
        Assert.Equal(TimeSpan.FromSeconds(30), delays[10]);
        Assert.All(delays.Skip(10), d => Assert.Equal(TimeSpan.FromSeconds(30), d));
    }

    [Fact]
    public void Forget_AfterFailures_StartsAgainAtTheBaseDelay()
    {
        var limiter = new ExponentialFailureRateLimiter<ObjectKey>();
        limiter.When(Key);
        limiter.When(Key);

        limiter.Forget(Key);

        Assert.Equal(0, limiter.Requeues(Key));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When(Key));
    }

    [Fact]
    public void When_OtherKeyFailed_KeepsItsOwnCount()
    {
        var limiter = new ExponentialFailureRateLimiter<ObjectKey>();
        limiter.When(Key);
        limiter.When(Key);

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When(new ObjectKey("ns", "b")));
    }

    [Fact]
    public void Constructor_CapBelowBase_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialFailureRateLimiter<ObjectKey>(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialFailureRateLimiter<ObjectKey>(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }

    [Property(MaxTest = 200)]
    public bool When_AnyFailureCount_IsTheSmallerOfTheCapAndBaseTimesPowerOfTwo(byte failures, ushort baseMilliseconds)
    {
        var baseDelay = TimeSpan.FromMilliseconds(baseMilliseconds + 1);
        var cap = TimeSpan.FromMinutes(10);
        var limiter = new ExponentialFailureRateLimiter<ObjectKey>(baseDelay, cap);
        for (var i = 0; i < failures; i++)
        {
            limiter.When(Key);
        }

        var expected = baseDelay.Ticks * Math.Pow(2, failures) >= cap.Ticks ? cap : TimeSpan.FromTicks(baseDelay.Ticks << failures);
        return limiter.When(Key) == expected;
    }
}
