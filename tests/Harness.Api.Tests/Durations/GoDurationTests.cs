using Harness.Durations;

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
    [InlineData("1h", 3600)]
    [InlineData(".5s", 0.5)]
    [InlineData("+2m", 120)]
    [InlineData("-1m30s", -90)]
    [InlineData("3μs", 0.000003)]
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
    [InlineData("s")]
    [InlineData("20 s")]
    [InlineData("1d")]
    public void TryParse_NotADuration_False(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("five minutes", "time: invalid duration \"five minutes\"")]
    [InlineData("5d", "time: unknown unit \"d\" in duration \"5d\"")]
    [InlineData("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"")]
    [InlineData("1m", null)]
    [InlineData("-9223372036854775808ns", null)]
    public void Error_GoText(string text, string? error) => Assert.Equal(error, GoDuration.Error(text));

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
