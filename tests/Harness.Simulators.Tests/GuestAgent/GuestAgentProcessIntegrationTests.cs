using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>The real <c>harness-guest-agent</c> executable over a real Unix socket.</summary>
public sealed class GuestAgentProcessIntegrationTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task SyncDelimited_AfterGarbage_AnswersBehindSentinelAndChannelRecovers()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1");
        using var connection = await RawAgentConnection.ConnectAsync(agent);

        await connection.SendAsync([.. "garbage{\"execute\": \"gu"u8, 0xFF, .. "{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":4242}}\n"u8]);

        byte[]? line;
        var discarded = new List<string>();
        while ((line = await connection.ReadLineAsync()) is not null && line[0] != 0xFF)
        {
            discarded.Add(Encoding.UTF8.GetString(line));
        }

        Assert.NotNull(line);
        Assert.Equal("{\"return\": 4242}", Encoding.UTF8.GetString(line.AsSpan(1)));
        Assert.All(discarded, d => Assert.Contains("\"GenericError\"", d, StringComparison.Ordinal));
        var ping = await connection.ExecuteAsync("{\"execute\": \"guest-ping\"}");
        Assert.Equal("{}", ping["return"]!.ToJsonString());
    }

    [Fact]
    public async Task Execute_MalformedJson_AnswersGenericErrorAndKeepsWorking()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1");
        using var connection = await RawAgentConnection.ConnectAsync(agent);

        var malformed = await connection.ExecuteAsync("{\"execute\": guest-ping}");
        var notAnObject = await connection.ExecuteAsync("[1, 2]");
        var sync = await connection.ExecuteAsync("{\"execute\": \"guest-sync\", \"arguments\": {\"id\": 7}}");

        Assert.Equal("GenericError", malformed["error"]!["class"]!.GetValue<string>());
        Assert.StartsWith("JSON parse error", malformed["error"]!["desc"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("QMP input must be a JSON object", notAnObject["error"]!["desc"]!.GetValue<string>());
        Assert.Equal(7, sync["return"]!.GetValue<long>());
    }

    [Fact]
    public async Task Execute_UnknownCommand_AnswersCommandNotFound()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1");
        using var connection = await RawAgentConnection.ConnectAsync(agent);

        var answer = await connection.ExecuteAsync("{\"execute\": \"guest-exec\", \"id\": \"x1\"}");

        Assert.Equal("CommandNotFound", answer["error"]!["class"]!.GetValue<string>());
        Assert.Equal("The command guest-exec has not been found", answer["error"]!["desc"]!.GetValue<string>());
        Assert.Equal("x1", answer["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Freeze_Twice_SecondIsDisabledWhileFrozenAndThawThenWorks()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1");
        using var connection = await RawAgentConnection.ConnectAsync(agent);

        var first = await connection.ExecuteAsync("{\"execute\": \"guest-fsfreeze-freeze\"}");
        var second = await connection.ExecuteAsync("{\"execute\": \"guest-fsfreeze-freeze\"}");
        var status = await connection.ExecuteAsync("{\"execute\": \"guest-fsfreeze-status\"}");
        var thaw = await connection.ExecuteAsync("{\"execute\": \"guest-fsfreeze-thaw\"}");
        var thawAgain = await connection.ExecuteAsync("{\"execute\": \"guest-fsfreeze-thaw\"}");
        var statusAfter = await connection.ExecuteAsync("{\"execute\": \"guest-fsfreeze-status\"}");

        Assert.Equal(1, first["return"]!.GetValue<int>());
        Assert.Equal("CommandNotFound", second["error"]!["class"]!.GetValue<string>());
        Assert.Equal("The command guest-fsfreeze-freeze has been disabled for this instance", second["error"]!["desc"]!.GetValue<string>());
        Assert.Equal("frozen", status["return"]!.GetValue<string>());
        Assert.Equal(1, thaw["return"]!.GetValue<int>());
        Assert.Equal(0, thawAgain["return"]!.GetValue<int>());
        Assert.Equal("thawed", statusAfter["return"]!.GetValue<string>());
    }

    [Fact]
    public async Task Freeze_WithTwoDisks_FreezesBothAndJournalOnFilesIsConsistentAfterStop()
    {
        using var agent = await GuestAgentProcess.StartAsync(
            "--seed", "1", "--write-interval", "1ms", "--disk", "{dir}/d0.img", "--disk", "{dir}/d1.img");
        var client = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), ClientTimeout);

        var frozen = await client.FreezeAsync();
        var thawed = await client.ThawAsync();
        await WaitForACommitAsync(agent.Directory);
        var (exitCode, _) = await agent.StopAsync();

        Assert.Equal(2, frozen);
        Assert.Equal(2, thawed);
        Assert.Equal(0, exitCode);
        using var d0 = FileGuestDisk.Open(Path.Combine(agent.Directory, "d0.img"), 1);
        using var d1 = FileGuestDisk.Open(Path.Combine(agent.Directory, "d1.img"), 1);
        var journal = await JournalChecker.CheckAsync([d0, d1]);
        Assert.True(journal.IsConsistent, string.Join("; ", journal.Problems));
        Assert.True(journal.LastCommitted > 0);
    }

    [Fact]
    public async Task Info_ListsTheFreezeCommands()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1");
        var client = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), ClientTimeout);

        var info = await client.GetInfoAsync();

        Assert.False(string.IsNullOrEmpty(info.Version));
        Assert.Contains(info.SupportedCommands, c => c is { Name: "guest-fsfreeze-freeze", Enabled: true, SuccessResponse: true });
        Assert.Contains(info.SupportedCommands, c => c.Name == "guest-sync-delimited");
    }

    [Fact]
    public async Task FreezeFail_Fault_AnswersQemuErrorAndGuestStaysThawed()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1", "--fault", "freeze-fail");
        var client = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), ClientTimeout);

        var error = await Assert.ThrowsAsync<GuestAgentCommandException>(() => client.FreezeAsync());

        Assert.Equal(GuestAgentErrorClass.GenericError, error.ErrorClass);
        Assert.Equal("failed to freeze /: Operation not permitted", error.Description);
        Assert.Equal(FsFreezeStatus.Thawed, await client.GetFsFreezeStatusAsync());
    }

    [Fact]
    public async Task FreezeHang_Fault_ClientTimesOutAndNewConnectionCanThaw()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1", "--fault", "freeze-hang");
        // A first exchange with the patient timeout, so the short one below meets a warmed-up agent, not a process still starting.
        await new GuestAgentClient(new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(3), ClientTimeout).SyncAsync();
        var hung = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), TimeSpan.FromMilliseconds(500));
        await hung.SyncAsync();

        var timeout = await Assert.ThrowsAsync<GuestAgentUnavailableException>(() => hung.FreezeAsync());
        var replacement = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(2), ClientTimeout);
        var status = await replacement.GetFsFreezeStatusAsync();
        var thawed = await replacement.ThawAsync();

        Assert.Contains("no answer within", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(FsFreezeStatus.Frozen, status);
        Assert.Equal(1, thawed);
    }

    [Fact]
    public async Task ThawLimit_Fault_ThawAfterLimitFailsWithVssMessageAndThaws()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1", "--fault", "thaw-limit=200ms");
        var client = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), ClientTimeout);

        await client.FreezeAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var status = await client.GetFsFreezeStatusAsync();
        var error = await Assert.ThrowsAsync<GuestAgentCommandException>(() => client.ThawAsync());

        Assert.Equal(FsFreezeStatus.Frozen, status);
        Assert.Contains("fsfreeze is limited", error.Description, StringComparison.Ordinal);
        Assert.Equal(FsFreezeStatus.Thawed, await client.GetFsFreezeStatusAsync());
    }

    [Fact]
    public async Task Latency_Fault_AnswersStayCorrect()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "3", "--fault", "latency=10ms..30ms");
        var client = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), ClientTimeout);

        Assert.Equal(1, await client.FreezeAsync());
        Assert.Equal(1, await client.ThawAsync());
    }

    [Fact]
    public async Task CrashAfter_Fault_ProcessExitsAndClientSeesClosedConnection()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1", "--fault", "crash-after=2");
        var client = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), ClientTimeout);
        await client.SyncAsync();

        var error = await Assert.ThrowsAsync<GuestAgentUnavailableException>(() => client.FreezeAsync());
        var (exitCode, stderr) = await agent.WaitForExitAsync();

        Assert.Equal("guest-fsfreeze-freeze", error.Command);
        Assert.Equal(70, exitCode);
        Assert.Contains("crashed", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(agent.SocketPath));
    }

    [Fact]
    public async Task DisconnectAfter_Fault_DropsConnectionAndNextConnectionWorks()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1", "--fault", "disconnect-after=2");
        var first = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), ClientTimeout);
        await first.SyncAsync();

        await Assert.ThrowsAsync<GuestAgentUnavailableException>(() => first.PingAsync());
        var second = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(2), ClientTimeout);
        await second.SyncAsync();

        Assert.Equal(FsFreezeStatus.Thawed, await second.GetFsFreezeStatusAsync());
    }

    [Fact]
    public async Task Kill_MidFreeze_ClientSeesClosedConnectionError()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1", "--fault", "freeze-hang");
        var client = new GuestAgentClient(
            new NetworkStream(await agent.ConnectAsync(), ownsSocket: true), TimeProvider.System, new Random(1), ClientTimeout);
        await client.SyncAsync();

        var freeze = client.FreezeAsync();
        await agent.StopAsync(kill: true);
        var error = await Assert.ThrowsAsync<GuestAgentUnavailableException>(() => freeze);

        Assert.Equal("guest-fsfreeze-freeze", error.Command);
        Assert.DoesNotContain("no answer within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_StopsCleanlyAndRemovesSocket()
    {
        using var agent = await GuestAgentProcess.StartAsync("--seed", "1");
        using var connection = await RawAgentConnection.ConnectAsync(agent);

        var (exitCode, _) = await agent.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.False(File.Exists(agent.SocketPath));
        Assert.True(await EndedAsync(connection), "the connection stays open after the agent stopped");
    }

    /// <summary>Whether the agent's side of the connection is gone: an orderly end or, when the process exited first, a reset.</summary>
    private static async Task<bool> EndedAsync(RawAgentConnection connection)
    {
        try
        {
            return await connection.ReadLineAsync() is null;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset })
        {
            return true;
        }
    }

    [Fact]
    public async Task Start_OverStaleSocketOfKilledAgent_ReplacesIt()
    {
        using var killed = await GuestAgentProcess.StartAsync("--seed", "1");
        await killed.StopAsync(kill: true);
        Assert.True(File.Exists(killed.SocketPath));

        using var agent = await GuestAgentProcess.StartAsync(path => File.Move(killed.SocketPath, path), "--seed", "1");
        using var connection = await RawAgentConnection.ConnectAsync(agent);
        var answer = await connection.ExecuteAsync("{\"execute\": \"guest-ping\"}");

        Assert.Equal("{}", answer["return"]!.ToJsonString());
    }

    [Fact]
    public async Task Start_OverRegularFile_RefusesWithMessage()
    {
        var directory = Directory.CreateTempSubdirectory("ga-");
        try
        {
            var path = Path.Combine(directory.FullName, "agent.sock");
            await File.WriteAllTextAsync(path, "not a socket");

            var (exitCode, output) = await GuestAgentProcess.RunToExitAsync("--socket", path);

            Assert.Equal(2, exitCode);
            Assert.Contains("is not a socket", output, StringComparison.Ordinal);
            Assert.Equal("not a socket", await File.ReadAllTextAsync(path));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(new string[0], "--socket")]
    [InlineData(new[] { "--socket", "/tmp/x.sock", "--fault", "latency=fast" }, "is not a duration")]
    [InlineData(new[] { "--socket", "/tmp/x.sock", "--fault", "crash-after=0" }, "is not a command count")]
    [InlineData(new[] { "--socket", "/tmp/x.sock", "--seed", "many" }, "many")]
    [InlineData(new[] { "--socket", "/tmp/x.sock", "--write-interval", "0s" }, "greater than zero")]
    public async Task CommandLine_BadArguments_ExitNonZeroWithMessage(string[] arguments, string message)
    {
        var (exitCode, output) = await GuestAgentProcess.RunToExitAsync(arguments);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    // The writer needs two write intervals of running, unfrozen time per commit; on a loaded machine the freeze can come
    // before the first, so wait (bounded) for one before stopping. The disks are shared for reading while the agent runs.
    private static async Task WaitForACommitAsync(string directory)
    {
        using var deadline = new CancellationTokenSource(ClientTimeout);
        while (true)
        {
            using var d0 = FileGuestDisk.Open(Path.Combine(directory, "d0.img"), 1);
            using var d1 = FileGuestDisk.Open(Path.Combine(directory, "d1.img"), 1);
            if ((await JournalChecker.CheckAsync([d0, d1])).LastCommitted > 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
        }
    }
}
