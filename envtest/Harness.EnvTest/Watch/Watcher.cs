using System.Threading.Channels;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Watch;

/// <summary>
/// One open watch: events are queued in revision order as the store commits them, turned into the
/// type the watcher sees through its filter (an object leaving the selector is DELETED for it).
/// </summary>
internal sealed class Watcher(WatchFilter filter)
{
    /// <summary>How many undelivered live events a watcher may hold (kube's largest watch-cache channel).</summary>
    public const int MaxLiveBacklog = 1000;

    private readonly Channel<WatchMessage> channel = Channel.CreateUnbounded<WatchMessage>();

    public ChannelReader<WatchMessage> Reader => channel.Reader;

    /// <summary>Queues a replayed or synthetic event (encoded for this watcher alone).</summary>
    public void Offer(StoreEvent e) => Queue(e, null);

    /// <summary>
    /// Queues a live event; <paramref name="shared"/> holds its frames encoded once for all watchers. A watcher whose
    /// client has fallen <see cref="MaxLiveBacklog"/> events behind is closed instead, as kube-apiserver's watch cache
    /// closes a watcher it cannot deliver to: the client gets what was queued, then the end of the stream, and watches
    /// again from the last revision it saw.
    /// </summary>
    public void Publish(StoreEvent e, SharedFrames shared)
    {
        if (channel.Reader.Count >= MaxLiveBacklog)
        {
            Close();
            return;
        }

        Queue(e, shared);
    }

    private void Queue(StoreEvent e, SharedFrames? shared)
    {
        switch (e.Type)
        {
            case StoreEventType.Added:
                if (filter.Matches(e.Object))
                {
                    channel.Writer.TryWrite(new WatchMessage(StoreEventType.Added, e.Object, e.Revision, shared));
                }

                break;
            case StoreEventType.Modified:
                var now = filter.Matches(e.Object);
                var before = e.Previous is not null && filter.Matches(e.Previous);
                var type = (before, now) switch
                {
                    (true, true) => StoreEventType.Modified,
                    (false, true) => StoreEventType.Added,
                    (true, false) => StoreEventType.Deleted,
                    _ => (StoreEventType?)null,
                };
                if (type is { } t)
                {
                    channel.Writer.TryWrite(new WatchMessage(t, e.Object, e.Revision, shared));
                }

                break;
            case StoreEventType.Deleted:
                if (filter.Matches(e.Previous ?? e.Object))
                {
                    channel.Writer.TryWrite(new WatchMessage(StoreEventType.Deleted, e.Object, e.Revision, shared));
                }

                break;
        }
    }

    public void OfferBookmark(long revision, bool endsInitialEvents = false) =>
        channel.Writer.TryWrite(new WatchMessage(StoreEventType.Bookmark, null, revision, null, endsInitialEvents));

    public void Close() => channel.Writer.TryComplete();
}
