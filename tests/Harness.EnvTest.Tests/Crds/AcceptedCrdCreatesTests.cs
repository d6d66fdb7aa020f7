using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Core;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>
/// A CRD create that repeats one an earlier server of the process accepted (same request, same time) starts from that
/// server's prepared object: what it stores must be what a full create stores, with a uid of its own server's drawing.
/// </summary>
public sealed class AcceptedCrdCreatesTests
{
    private const string Path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    // A time no other test uses, so that the first create below is the process's first of this request.
    private static readonly DateTimeOffset At = new(2031, 7, 8, 9, 10, 11, TimeSpan.Zero);

    [Fact]
    public async Task Create_SameRequestAgainOnAnotherServer_StoresWhatTheFirstStoredWithItsOwnUid()
    {
        var body = KubernetesJson.Serialize(WidgetCrd.Definition(group: "accepted.example.com"));

        var first = await CreateAsync(seed: 42, body);
        var again = await CreateAsync(seed: 42, body);
        var otherSeed = await CreateAsync(seed: 43, body);
        var otherBody = await CreateAsync(seed: 43, body.Replace("\"metadata\":{", "\"metadata\":{\"labels\":{\"copy\":\"yes\"},", StringComparison.Ordinal));

        Assert.Equal(first, again);
        Assert.NotEqual(Uid(first), Uid(otherSeed));
        Assert.Equal(WithoutUid(first), WithoutUid(otherSeed));
        Assert.Equal("yes", JsonNode.Parse(otherBody)!["metadata"]!["labels"]!["copy"]!.GetValue<string>());
        Assert.Equal(Uid(otherSeed), Uid(otherBody));
    }

    private static async Task<string> CreateAsync(int seed, string body)
    {
        await using var server = new InProcessServer(time: new FakeTimeProvider(At), seed: seed);
        var (created, _, createdBody) = await RawRequests.SendAsync(server.Server, "POST", Path, body);
        Assert.True(created == 201, createdBody);
        var (code, _, stored) = await RawRequests.SendAsync(server.Server, "GET", Path + "/widgets.accepted.example.com");
        Assert.Equal(200, code);
        Assert.Equal(createdBody, stored);
        return stored;
    }

    private static string Uid(string json) => JsonNode.Parse(json)!["metadata"]!["uid"]!.GetValue<string>();

    private static string WithoutUid(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        obj["metadata"]!.AsObject().Remove("uid");
        return obj.ToJsonString();
    }
}
