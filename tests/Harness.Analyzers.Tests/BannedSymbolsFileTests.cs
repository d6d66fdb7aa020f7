using Microsoft.CodeAnalysis;

namespace Harness.Analyzers.Tests;

/// <summary>
/// <c>BannedSymbols.txt</c> itself: every entry names a symbol of the framework (an entry that names nothing bans
/// nothing), and every overload of a banned family is listed, so a new overload cannot slip through.
/// </summary>
public sealed class BannedSymbolsFileTests
{
    private static readonly Compilation Framework = BannedApiAnalysis.Compile("internal static class Empty { }");

    private static readonly HashSet<string> Banned =
    [
        .. File.ReadAllLines(BannedApiAnalysis.BannedSymbolsPath)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(';', 2)[0]),
    ];

    [Fact]
    public void EveryEntry_NamesASymbol()
    {
        var unresolved = Banned.Where(id => DocumentationCommentId.GetSymbolsForDeclarationId(id, Framework).IsEmpty).ToList();

        Assert.True(unresolved.Count == 0, $"entries that name no symbol: {string.Join(", ", unresolved)}");
    }

    [Theory]
    [InlineData("System.Threading.Tasks.Task", "Wait")]
    [InlineData("System.Threading.Tasks.Task", "WaitAll")]
    [InlineData("System.Threading.Tasks.Task", "WaitAny")]
    [InlineData("System.Threading.Tasks.Task", "Run")]
    [InlineData("System.Threading.Tasks.Task", "ConfigureAwait")]
    [InlineData("System.Threading.Tasks.Task", "Factory")]
    [InlineData("System.Threading.Tasks.Task`1", "ConfigureAwait")]
    [InlineData("System.Threading.Tasks.Task`1", "Result")]
    [InlineData("System.Threading.Tasks.Task`1", "Factory")]
    [InlineData("System.Threading.Tasks.ValueTask", "ConfigureAwait")]
    [InlineData("System.Threading.Tasks.ValueTask`1", "ConfigureAwait")]
    [InlineData("System.Threading.Tasks.ValueTask`1", "Result")]
    [InlineData("System.Threading.Tasks.TaskAsyncEnumerableExtensions", "ConfigureAwait")]
    [InlineData("System.Runtime.CompilerServices.TaskAwaiter", "GetResult")]
    [InlineData("System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult")]
    [InlineData("System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult")]
    [InlineData("System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult")]
    [InlineData("System.Threading.Tasks.TaskScheduler", "Default")]
    [InlineData("System.Threading.CancellationTokenSource", "CancelAsync")]
    [InlineData("System.Threading.CancellationTokenSource", "CancelAfter")]
    [InlineData("System.Threading.SemaphoreSlim", "WaitAsync")]
    [InlineData("System.Threading.Thread", ".ctor")]
    [InlineData("System.Threading.Thread", "Sleep")]
    [InlineData("System.Threading.Timer", ".ctor")]
    [InlineData("System.TimeProvider", "System")]
    [InlineData("System.Diagnostics.Stopwatch", ".ctor")]
    [InlineData("System.Diagnostics.Stopwatch", "StartNew")]
    [InlineData("System.Diagnostics.Stopwatch", "GetTimestamp")]
    [InlineData("System.Guid", "NewGuid")]
    [InlineData("System.Random", "Shared")]
    public void BannedFamily_EveryOverload_IsListed(string type, string member)
    {
        var members = Members(type, member);

        AssertAllListed(members);
    }

    [Theory]
    [InlineData("System.Threading.Tasks.Task", "Delay")]
    [InlineData("System.Threading.Tasks.Task", "WaitAsync")]
    [InlineData("System.Threading.CancellationTokenSource", ".ctor")]
    [InlineData("System.Threading.PeriodicTimer", ".ctor")]
    [InlineData("System.Diagnostics.Stopwatch", "GetElapsedTime")]
    public void TimedFamily_EveryOverloadOnTheRealClock_IsListed(string type, string member)
    {
        var onTheRealClock = Members(type, member).OfType<IMethodSymbol>().Where(ReadsTheRealClock).ToList();

        Assert.NotEmpty(onTheRealClock);
        AssertAllListed(onTheRealClock);
    }

    [Theory]
    [InlineData("System.Threading.ThreadPool")]
    [InlineData("System.Threading.Tasks.Parallel")]
    [InlineData("System.Linq.ParallelEnumerable")]
    [InlineData("System.Timers.Timer")]
    public void ThreadPoolOrRealTimeType_IsBannedWhole(string type)
    {
        Assert.Contains($"T:{type}", Banned);
    }

    private static List<ISymbol> Members(string type, string member)
    {
        var symbol = Framework.GetTypeByMetadataName(type);
        Assert.NotNull(symbol);
        var members = symbol.GetMembers(member).Where(m => m.DeclaredAccessibility == Accessibility.Public).ToList();
        Assert.NotEmpty(members);
        return members;
    }

    /// <summary>An overload that waits or measures by a delay or timestamp and takes no <see cref="TimeProvider"/>.</summary>
    private static bool ReadsTheRealClock(IMethodSymbol method) =>
        method.Parameters.All(p => p.Type.Name != nameof(TimeProvider))
        && (method.Parameters.Any(p => p.Type.Name == nameof(TimeSpan) || p.Name.Contains("millisecond", StringComparison.OrdinalIgnoreCase))
            || (method.Name == "GetElapsedTime" && method.Parameters.Length == 1));

    private static void AssertAllListed(IEnumerable<ISymbol> symbols)
    {
        var missing = symbols.Select(symbol => symbol.GetDocumentationCommentId()!).Where(id => !Banned.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"not in BannedSymbols.txt: {string.Join(", ", missing)}");
    }
}
