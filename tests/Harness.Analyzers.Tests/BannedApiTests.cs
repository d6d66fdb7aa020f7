namespace Harness.Analyzers.Tests;

/// <summary>
/// What the banned-API analyzer refuses in component code (design.md, "Injected time and randomness"; issue 9 §2):
/// each statement compiled in a component method, with the build's analyzer and <c>BannedSymbols.txt</c>.
/// </summary>
public sealed class BannedApiTests
{
    [Theory]
    [InlineData("await task.ConfigureAwait(false);")]
    [InlineData("await result.ConfigureAwait(ConfigureAwaitOptions.None);")]
    [InlineData("await value.ConfigureAwait(false);")]
    [InlineData("task.Wait();")]
    [InlineData("task.Wait(TimeSpan.FromSeconds(1), CancellationToken.None);")]
    [InlineData("Task.WaitAll([task], 1000);")]
    [InlineData("Task.WaitAll([task], CancellationToken.None);")]
    [InlineData("Task.WaitAny([task], TimeSpan.Zero);")]
    [InlineData("_ = result.Result;")]
    [InlineData("_ = value.Result;")]
    [InlineData("_ = result.GetAwaiter().GetResult();")]
    [InlineData("task.GetAwaiter().GetResult();")]
    [InlineData("_ = value.GetAwaiter().GetResult();")]
    [InlineData("await source.CancelAsync();")]
    [InlineData("source.CancelAfter(TimeSpan.FromSeconds(1));")]
    [InlineData("_ = TimeProvider.System;")]
    [InlineData("_ = Task.Factory.StartNew(() => { });")]
    [InlineData("_ = Task<int>.Factory.StartNew(() => 1);")]
    [InlineData("_ = TaskScheduler.Default;")]
    [InlineData("_ = Task.Run(() => { });")]
    [InlineData("Parallel.For(0, 2, _ => { });")]
    [InlineData("await Parallel.ForEachAsync([1, 2], (_, _) => ValueTask.CompletedTask);")]
    [InlineData("_ = new[] { 1, 2 }.AsParallel().Sum();")]
    [InlineData("ThreadPool.QueueUserWorkItem(_ => { });")]
    [InlineData("new Thread(() => { }).Start();")]
    [InlineData("using var timer = new Timer(_ => { }, null, 1L, 1L);")]
    [InlineData("using var timer = new Timer(_ => { }, null, 1u, 1u);")]
    [InlineData("using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));")]
    [InlineData("using var timer = new System.Timers.Timer(1000);")]
    [InlineData("await Task.Delay(10);")]
    [InlineData("await task.WaitAsync(TimeSpan.FromSeconds(1));")]
    [InlineData("Thread.Sleep(10);")]
    [InlineData("_ = DateTime.UtcNow;")]
    [InlineData("_ = DateTimeOffset.Now;")]
    [InlineData("_ = Environment.TickCount64;")]
    [InlineData("_ = Stopwatch.StartNew();")]
    [InlineData("_ = new Stopwatch();")]
    [InlineData("_ = Stopwatch.GetElapsedTime(0);")]
    [InlineData("_ = Guid.NewGuid();")]
    [InlineData("_ = new Random().Next();")]
    [InlineData("_ = Random.Shared.Next();")]
    [InlineData("using var gate = new SemaphoreSlim(1); await gate.WaitAsync();")]
    public async Task ComponentCode_UsingABannedApi_IsRefused(string statement)
    {
        var diagnostics = await BannedApiAnalysis.BannedUsesAsync(statement);

        Assert.NotEmpty(diagnostics);
    }

    [Theory]
    [InlineData("await task;")]
    [InlineData("_ = await result;")]
    [InlineData("await Task.WhenAll(task, result);")]
    [InlineData("await Task.Yield();")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), time);")]
    [InlineData("await task.WaitAsync(TimeSpan.FromSeconds(1), time);")]
    [InlineData("using var linked = new CancellationTokenSource(TimeSpan.FromSeconds(1), time);")]
    [InlineData("source.Cancel();")]
    [InlineData("_ = factory.StartNew(() => { });")]
    [InlineData("using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);")]
    [InlineData("using var timer = time.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.Zero);")]
    [InlineData("_ = time.GetUtcNow(); _ = time.GetTimestamp();")]
    [InlineData("_ = Stopwatch.GetElapsedTime(1, 2);")]
    [InlineData("_ = new Random(7).Next();")]
    public async Task ComponentCode_UsingTheInjectedPorts_IsAccepted(string statement)
    {
        var diagnostics = await BannedApiAnalysis.BannedUsesAsync(statement);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task BannedUse_Diagnostic_SaysWhatToUseInstead()
    {
        var diagnostic = Assert.Single(await BannedApiAnalysis.BannedUsesAsync("await task.ConfigureAwait(false);"));

        Assert.Contains("Await without ConfigureAwait", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
