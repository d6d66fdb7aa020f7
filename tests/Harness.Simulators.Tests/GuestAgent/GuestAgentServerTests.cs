using System.Text;
using System.Text.Json.Nodes;
using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>The agent in-process over an in-memory duplex stream, on a fake clock.</summary>
public sealed class GuestAgentServerTests
{
    [Fact]
    public async Task Ping_WithLatencyFault_AnswersOnlyAfterTheDrawnDelay()
    {
        var sut = new InProcessAgent(GuestFaults.Parse(["latency=300ms"]));
        var sync = sut.Start(c => c.SyncAsync());
        sut.Advance(TimeSpan.FromMilliseconds(600));
        await sync;

        var ping = sut.Start(c => c.PingAsync());
        sut.Advance(TimeSpan.FromMilliseconds(290));
        var answeredEarly = ping.IsCompleted;
        sut.Advance(TimeSpan.FromMilliseconds(10));

        Assert.False(answeredEarly);
        Assert.True(ping.IsCompletedSuccessfully);
        await ping;
    }

    [Fact]
    public async Task Freeze_WhenFreezeHangs_ClientTimesOutAndGuestIsFrozen()
    {
        var sut = new InProcessAgent(GuestFaults.Parse(["freeze-hang"]), clientTimeout: TimeSpan.FromSeconds(5));

        var freeze = sut.Start(c => c.FreezeAsync());
        sut.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<GuestAgentUnavailableException>(() => freeze);
        Assert.Equal("guest-fsfreeze-freeze", error.Command);
        Assert.Equal(FsFreezeStatus.Frozen, sut.Guest.Status);
        Assert.False(sut.Session.IsCompleted);
    }

    [Fact]
    public async Task Freeze_WhenFreezeHangsForADuration_AnswersAfterIt()
    {
        var sut = new InProcessAgent(GuestFaults.Parse(["freeze-hang=30s"]), clientTimeout: TimeSpan.FromMinutes(1));

        var freeze = sut.Start(c => c.FreezeAsync());
        sut.Advance(TimeSpan.FromSeconds(29));
        var answeredEarly = freeze.IsCompleted;
        sut.Advance(TimeSpan.FromSeconds(1));

        Assert.False(answeredEarly);
        Assert.Equal(2, await freeze);
    }

    [Fact]
    public async Task Execute_AfterTimeout_StaleAnswerIsDiscardedBySync()
    {
        var sut = new InProcessAgent(GuestFaults.Parse(["freeze-hang=30s"]), clientTimeout: TimeSpan.FromSeconds(20));

        var freeze = sut.Start(c => c.FreezeAsync());
        sut.Advance(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<GuestAgentUnavailableException>(() => freeze);
        var status = sut.Start(c => c.GetFsFreezeStatusAsync());
        sut.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal(FsFreezeStatus.Frozen, await status);
    }

    [Fact]
    public async Task DisconnectAfter_Fault_EndsSessionOnceAndNextConnectionWorks()
    {
        var sut = new InProcessAgent(GuestFaults.Parse(["disconnect-after=2"]));
        await sut.Run(c => c.SyncAsync());

        var ping = sut.Start(c => c.PingAsync());
        var ended = await InProcessAgent.Finished(sut.Session);
        await Assert.ThrowsAsync<GuestAgentUnavailableException>(() => ping);
        var next = sut.Connect();
        var status = await sut.Run(_ => next.GetFsFreezeStatusAsync());

        Assert.Equal(GuestAgentSessionEnd.Disconnected, ended);
        Assert.Equal(FsFreezeStatus.Thawed, status);
    }

    [Fact]
    public async Task CrashAfter_Fault_EndsSessionAsCrashedAndServesNothingMore()
    {
        var sut = new InProcessAgent(GuestFaults.Parse(["crash-after=1"]));

        _ = sut.Start(c => c.PingAsync());
        var ended = await InProcessAgent.Finished(sut.Session);
        sut.Connect();

        Assert.Equal(GuestAgentSessionEnd.Crashed, ended);
        Assert.True(sut.Server.HasCrashed);
        Assert.Equal(GuestAgentSessionEnd.Crashed, await InProcessAgent.Finished(sut.Session));
    }

    [Theory]
    [InlineData("{\"execute\": \"guest-ping\", \"id\": {\"n\": 1}}", "{\"return\": {}, \"id\": {\"n\": 1}}")]
    [InlineData("{\"execute\": \"guest-sync\", \"arguments\": {\"id\": 9}, \"id\": 3}", "{\"return\": 9, \"id\": 3}")]
    [InlineData("{\"execute\": \"guest-sync\", \"arguments\": {\"id\": \"nine\"}}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'id' expects integer\"}}")]
    [InlineData("{\"execute\": \"guest-sync\", \"arguments\": {}}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'id' is missing\"}}")]
    [InlineData("{\"execute\": \"guest-ping\", \"arguments\": {\"force\": true}}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'force' is unexpected\"}}")]
    [InlineData("{\"execute\": \"guest-ping\", \"arguments\": [1]}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'arguments' must be an object\"}}")]
    [InlineData("{\"execute\": 5}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'execute' must be a string\"}}")]
    [InlineData("{\"arguments\": {}}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input lacks member 'execute'\"}}")]
    [InlineData("{\"exec-oob\": \"guest-ping\"}", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'exec-oob' is unexpected\"}}")]
    [InlineData("{'execute': 'guest-sync', 'arguments': {'id': 5}}", "{\"return\": 5}")]
    [InlineData("nonsense", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, invalid keyword 'nonsense'\"}}")]
    public async Task Execute_Request_AnswersAsQemuGuestAgent(string request, string expected)
    {
        var sut = new InProcessAgent();

        var answer = await InProcessAgent.Finished(sut.Scheduler.Run(async () =>
        {
            await sut.ClientStream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));
            return await ReadLineAsync(sut.ClientStream);
        }));

        Assert.Equal(expected, answer);
    }

    [Fact]
    public async Task Info_WhileFrozen_MarksCommandsDisabledAsQemuGuestAgentDoes()
    {
        var sut = new InProcessAgent();

        var info = await sut.Run(async c =>
        {
            await c.FreezeAsync();
            return await c.GetInfoAsync();
        });

        Assert.False(info.SupportedCommands.Single(c => c.Name == "guest-fsfreeze-freeze").Enabled);
        Assert.True(info.SupportedCommands.Single(c => c.Name == "guest-fsfreeze-thaw").Enabled);
        Assert.Equal(GuestAgentServer.SupportedCommands, info.SupportedCommands.Select(c => c.Name));
    }

    [Fact]
    public async Task SyncDelimited_AfterPartialRequest_ClientResynchronises()
    {
        var sut = new InProcessAgent();

        var status = await sut.Run(async c =>
        {
            await sut.ClientStream.WriteAsync("{\"execute\": \"guest-fsfreeze-fr"u8.ToArray());
            return await c.GetFsFreezeStatusAsync();
        });

        Assert.Equal(FsFreezeStatus.Thawed, status);
    }

    [Fact]
    public async Task Execute_ClientStreamClosed_ServerSessionEndsAsClientDisconnected()
    {
        var sut = new InProcessAgent();

        sut.ClientStream.Dispose();
        sut.Scheduler.RunUntilIdle();

        Assert.Equal(GuestAgentSessionEnd.ClientDisconnected, await InProcessAgent.Finished(sut.Session));
        var error = await Assert.ThrowsAsync<GuestAgentUnavailableException>(() => sut.Run(c => c.PingAsync()));
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != (byte)'\n')
        {
            line.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. line]);
    }
}
