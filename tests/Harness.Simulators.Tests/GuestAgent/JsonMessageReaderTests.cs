using System.Text;
using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.Tests.GuestAgent;

public sealed class JsonMessageReaderTests
{
    [Fact]
    public void Feed_ValuesWithoutNewlines_SplitsWhereBracesBalance()
    {
        var messages = Feed("{\"execute\":\"a\"}{\"execute\":\"b\",\"arguments\":{\"x\":[1,{}]}} [1]");

        Assert.Equal(["{\"execute\":\"a\"}", "{\"execute\":\"b\",\"arguments\":{\"x\":[1,{}]}}", "[1]"], messages.Select(m => m.Value!.ToJsonString()));
    }

    [Fact]
    public void Feed_ValueSplitAcrossChunks_IsReassembled()
    {
        var reader = new JsonMessageReader();
        var messages = new List<JsonMessage>();

        reader.Feed("{\"execute\": \"gu"u8, messages);
        var afterFirst = messages.Count;
        reader.Feed("est-ping\"}\n"u8, messages);

        Assert.Equal(0, afterFirst);
        Assert.Equal("guest-ping", Assert.Single(messages).Value!["execute"]!.GetValue<string>());
    }

    [Fact]
    public void Feed_BracesAndQuotesInsideStrings_DoNotEndTheValue()
    {
        var message = Assert.Single(Feed("{\"execute\": \"}{\\\"]\", 'a': 'it\\'s \"x\"'}"));

        Assert.Equal("}{\"]", message.Value!["execute"]!.GetValue<string>());
        Assert.Equal("it's \"x\"", message.Value!["a"]!.GetValue<string>());
    }

    [Fact]
    public void Feed_SentinelInsideAValue_ReportsStrayByteAndRecoversAtTheNextBrace()
    {
        var messages = Feed([.. "{\"execute\": \"guest-p"u8, 0xFF, .. "{\"execute\":\"guest-ping\"}"u8]);

        Assert.Equal(2, messages.Count);
        Assert.Equal("JSON parse error, stray '\uFFFD'", messages[0].ParseError);
        Assert.Equal("guest-ping", messages[1].Value!["execute"]!.GetValue<string>());
    }

    [Fact]
    public void Feed_ControlCharacter_ReportsStrayAndSkipsGarbageUpToStructure()
    {
        var messages = Feed("\u0001garbage {\"execute\":\"x\"}");

        Assert.Equal(2, messages.Count);
        Assert.Equal("JSON parse error, stray '\u0001'", messages[0].ParseError);
        Assert.Equal("x", messages[1].Value!["execute"]!.GetValue<string>());
    }

    [Fact]
    public void Feed_GarbageAtTopLevel_IsAnInvalidKeyword()
    {
        var messages = Feed("garbage\n{\"execute\":\"x\"}");

        Assert.Equal("JSON parse error, invalid keyword 'garbage'", messages[0].ParseError);
        Assert.Equal("x", messages[1].Value!["execute"]!.GetValue<string>());
    }

    [Fact]
    public void Feed_OversizedValue_IsRejectedAndReaderRecovers()
    {
        var huge = "{\"execute\": \"" + new string('a', 1024 * 1024) + "\"}{\"execute\":\"y\"}";

        var messages = Feed(huge);

        Assert.Equal("JSON token size limit exceeded", messages[0].ParseError);
        Assert.Equal("y", messages[^1].Value!["execute"]!.GetValue<string>());
    }

    private static List<JsonMessage> Feed(string text) => Feed(Encoding.UTF8.GetBytes(text));

    private static List<JsonMessage> Feed(byte[] bytes)
    {
        var messages = new List<JsonMessage>();
        new JsonMessageReader().Feed(bytes, messages);
        return messages;
    }
}
