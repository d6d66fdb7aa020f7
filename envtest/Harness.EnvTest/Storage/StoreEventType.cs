namespace Harness.EnvTest.Storage;

/// <summary>Watch event types, named as on the wire.</summary>
internal enum StoreEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
