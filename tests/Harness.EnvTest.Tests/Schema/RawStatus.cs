using System.Text.Json.Nodes;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>Assertions on a raw response: a 422 Invalid <c>Status</c> and its causes, or success.</summary>
internal static class RawStatus
{
    /// <summary>Asserts a 422 Invalid whose causes read <c>field: message</c> as <paramref name="causes"/>, in order; returns the Status.</summary>
    public static JsonObject Invalid((int Code, string Body) response, params string[] causes)
    {
        Assert.True(response.Code == 422, response.Body);
        var status = JsonNode.Parse(response.Body)!.AsObject();
        Assert.Equal("Invalid", (string?)status["reason"]);
        var actual = status["details"]?["causes"]?.AsArray().Select(c => $"{(string?)c!["field"]}: {(string?)c["message"]}") ?? [];
        Assert.Equal(causes, actual);
        return status;
    }

    public static void Succeeded((int Code, string Body) response, int code) => Assert.True(response.Code == code, response.Body);
}
