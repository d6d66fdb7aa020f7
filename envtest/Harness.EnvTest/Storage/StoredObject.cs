namespace Harness.EnvTest.Storage;

/// <summary>
/// One stored version of an object: its serialized JSON (in the storage version, with
/// <c>metadata.resourceVersion</c> equal to <see cref="Revision"/>) and the fields the store indexes.
/// Immutable: a write replaces it.
/// </summary>
internal sealed class StoredObject(string key, string ns, string name, string uid, long revision, byte[] json, IReadOnlyDictionary<string, string>? labels)
{
    public string Key { get; } = key;

    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    public string Uid { get; } = uid;

    public long Revision { get; } = revision;

    public byte[] Json { get; } = json;

    public IReadOnlyDictionary<string, string>? Labels { get; } = labels;

    public static string KeyOf(string ns, string name) => ns.Length == 0 ? name : ns + "/" + name;
}
