namespace Harness.Reflectors;

/// <summary>
/// One change of a <see cref="Reflector{TKey, T}"/>'s store: <paramref name="Previous"/> is the version it held (null:
/// the object is new), <paramref name="Current"/> the version it holds now (null: the object was deleted or vanished
/// from a relist), <paramref name="Latest"/> the object's last known state: the current version, or for a deletion the
/// version the DELETED event carried (the one held, when a relist found the object gone).
/// </summary>
public readonly record struct ReflectedChange<T>(T? Previous, T? Current, T Latest)
    where T : class;
