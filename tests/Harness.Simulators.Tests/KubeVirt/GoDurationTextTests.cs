using Harness.Simulators.KubeVirt.Subresources;

namespace Harness.Simulators.Tests.KubeVirt;

public sealed class GoDurationTextTests
{
    [Theory]
    [InlineData("5m0s", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("250ms", 0.25)]
    [InlineData("0s", 0)]
    [InlineData("0", 0)]
    [InlineData("1.5s", 1.5)]
    public void TryParse_GoDuration_Seconds(string text, double seconds)
    {
        Assert.True(GoDurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("five minutes")]
    [InlineData("5m0")]
    [InlineData("m5")]
    public void TryParse_NotADuration_False(string text) => Assert.False(GoDurationText.TryParse(text, out _));
}
