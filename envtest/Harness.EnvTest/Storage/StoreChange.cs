namespace Harness.EnvTest.Storage;

/// <summary>The outcome of a mutation: the new stored object for Put, the final state for Remove.</summary>
internal readonly record struct StoreChange(StoreChangeKind Kind, StoredObject? Object)
{
    public static StoreChange None => new(StoreChangeKind.None, null);

    public static StoreChange Put(StoredObject obj) => new(StoreChangeKind.Put, obj);

    public static StoreChange Remove(StoredObject finalState) => new(StoreChangeKind.Remove, finalState);
}
