using Harness.EnvTest.Security;

namespace Harness.EnvTest.Tests.Security;

public sealed class BearerTokenTests
{
    [Fact]
    public void Generate_SameSeed_SameTokenOf64HexDigits()
    {
        var first = BearerToken.Generate(new Random(42));
        var second = BearerToken.Generate(new Random(42));
        var other = BearerToken.Generate(new Random(43));

        Assert.Equal(first.Value, second.Value);
        Assert.NotEqual(first.Value, other.Value);
        Assert.Matches("^[0-9a-f]{64}$", first.Value);
    }

    [Theory]
    [InlineData("Bearer abc123", true)]
    [InlineData("bearer abc123", true)]
    [InlineData("BEARER abc123", true)]
    [InlineData("Bearer abc124", false)]
    [InlineData("Bearer abc1234", false)]
    [InlineData("Bearer  abc123", false)]
    [InlineData("Basic abc123", false)]
    [InlineData("abc123", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Matches_AuthorizationHeader_AcceptsOnlyThisBearerToken(string? header, bool expected)
    {
        Assert.Equal(expected, new BearerToken("abc123").Matches(header));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("ünïcode")]
    [InlineData(" ")]
    public void Constructor_NotPrintableAsciiWithoutSpaces_Throws(string value)
    {
        Assert.ThrowsAny<ArgumentException>(() => new BearerToken(value));
    }

    [Fact]
    public void ToString_Always_HidesTheToken()
    {
        Assert.Equal("Bearer <redacted>", new BearerToken("secret").ToString());
    }
}
