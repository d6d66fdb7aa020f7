using Harness.Reflectors;
using Microsoft.Extensions.Time.Testing;

namespace Harness.EnvTest.Tests.Informers;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Next_RepeatedFailures_DoublesWithUpToHalfAgainOfJitterAndNeverExceedsTheMaximum(double jitter)
    {
        var backoff = new RetryBackoff(new FakeTimeProvider(), () => jitter);
        var expected = RetryBackoff.Initial;

        for (var i = 0; i < 12; i++)
        {
            var pause = backoff.Next();
            var jittered = expected + (expected * (0.5 * jitter));
            Assert.Equal(jittered > RetryBackoff.Max ? RetryBackoff.Max : jittered, pause);
            expected = expected * 2 > RetryBackoff.Max ? RetryBackoff.Max : expected * 2;
        }

        Assert.Equal(RetryBackoff.Max, expected);
    }

    [Fact]
    public void Next_AfterAQuietPeriod_StartsOver()
    {
        var time = new FakeTimeProvider();
        var backoff = new RetryBackoff(time, () => 0);
        backoff.Next();
        Assert.Equal(RetryBackoff.Initial * 2, backoff.Next());

        time.Advance(RetryBackoff.ResetAfter);
        Assert.Equal(RetryBackoff.Initial * 4, backoff.Next());
        time.Advance(RetryBackoff.ResetAfter + TimeSpan.FromMilliseconds(1));
        Assert.Equal(RetryBackoff.Initial, backoff.Next());
    }

    [Fact]
    public void Reset_AfterFailures_StartsOver()
    {
        var backoff = new RetryBackoff(new FakeTimeProvider(), () => 0);
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(RetryBackoff.Initial, backoff.Next());
    }
}
