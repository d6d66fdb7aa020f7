using Harness.Api.Durations;

namespace Harness.Api.Tests.Durations;

public sealed class GoDurationTests
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
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("five minutes")]
    [InlineData("5m0")]
    [InlineData("m5")]
    public void TryParse_NotADuration_False(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(300, "5m0s")]
    [InlineData(40, "40s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(5400.5, "1h30m0.5s")]
    [InlineData(0, "0s")]
    [InlineData(0.25, "250ms")]
    [InlineData(-90, "-1m30s")]
    public void Format_Seconds_GoText(double seconds, string text) => Assert.Equal(text, GoDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(" 1m30s ", 90)]
    [InlineData("250ms", 0.25)]
    public void Parse_GoDuration_TimeSpan(string text, double seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), GoDuration.Parse(text, "--write-interval"));

    [Fact]
    public void Parse_NotADuration_ThrowsNamingWhat()
    {
        var error = Assert.Throws<FormatException>(() => GoDuration.Parse("10 seconds", "--write-interval"));

        Assert.Equal("--write-interval: '10 seconds' is not a duration (examples: 10s, 250ms, 1m30s)", error.Message);
    }
}
