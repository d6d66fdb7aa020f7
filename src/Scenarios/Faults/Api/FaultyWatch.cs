using System.Runtime.CompilerServices;
using Harness.EnvTest.Errors;

namespace Harness.Scenarios.Faults.Api;

/// <summary>A watch's frames, each event meeting the <see cref="WatchFault"/> <c>choose</c> gives it, if any (bookmarks and errors pass as they are).</summary>
internal static class FaultyWatch
{
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Apply(
        IAsyncEnumerable<ReadOnlyMemory<byte>> frames, Func<WatchFault?> choose, TimeProvider time, Action<string> record, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var live = 0;
        var lost = false;
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            if (lost)
            {
                record("watch answered 410 Expired after the lost event (a list reveals it)");
                yield return ServerFailures.WatchExpired();
                yield break;
            }

            if (!IsEvent(frame.Span) || choose() is not { } fault)
            {
                live += IsEvent(frame.Span) ? 1 : 0;
                yield return frame;
                continue;
            }

            switch (fault.Kind)
            {
                case ApiFaultKind.WatchClosed:
                    record($"watch closed before its event {live} ({fault.Kind})");
                    yield break;
                case ApiFaultKind.WatchExpired:
                    record($"watch ended with 410 Expired before its event {live} ({fault.Kind})");
                    yield return ServerFailures.WatchExpired();
                    yield break;
                case ApiFaultKind.WatchDelayed:
                    record($"watch event {live} held back {fault.Delay.TotalSeconds:0}s ({fault.Kind})");
                    await Task.Delay(fault.Delay, time, cancellationToken);
                    yield return frame;
                    break;
                case ApiFaultKind.WatchDuplicated:
                    record($"watch event {live} sent twice ({fault.Kind})");
                    yield return frame;
                    yield return frame;
                    break;
                case ApiFaultKind.WatchDropped:
                    record($"watch event {live} lost ({fault.Kind})");
                    lost = true;
                    break;
                default:
                    throw new InvalidOperationException($"{fault.Kind} is no watch fault");
            }

            live++;
        }
    }

    // kube writes "type" first: {"type":"ADDED",...}.
    private static bool IsEvent(ReadOnlySpan<byte> frame) =>
        frame.StartsWith("{\"type\":\""u8) && !frame[9..].StartsWith("BOOKMARK"u8) && !frame[9..].StartsWith("ERROR"u8);
}
