namespace Harness.EnvTest.Storage;

/// <summary>One committed change: its revision, what happened, the object after it (the final state for a delete) and before it.</summary>
internal sealed class StoreEvent(long revision, StoreEventType type, string storageKey, StoredObject obj, StoredObject? previous)
{
    public long Revision { get; } = revision;

    public StoreEventType Type { get; } = type;

    public string StorageKey { get; } = storageKey;

    public StoredObject Object { get; } = obj;

    public StoredObject? Previous { get; } = previous;
}
