using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Watch;

/// <summary>
/// One event queued for one watcher: ADDED/MODIFIED/DELETED with an object, or a BOOKMARK at a revision (the one that
/// <paramref name="EndsInitialEvents"/> of a watch-list); live events carry the frames shared by all watchers of the event.
/// </summary>
internal readonly record struct WatchMessage(StoreEventType Type, StoredObject? Object, long Revision, SharedFrames? Shared, bool EndsInitialEvents = false);
