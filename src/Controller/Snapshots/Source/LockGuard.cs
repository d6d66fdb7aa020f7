namespace Harness.Controller.Snapshots.Source;

/// <summary>
/// One precondition of locking a source. <see cref="Description"/> names it (the guard's label in the lifecycle
/// graph); <see cref="Blocker"/> says what blocks it now, or null when it holds.
/// </summary>
internal sealed record LockGuard(string Description, Func<string?> Blocker)
{
    public bool Holds() => Blocker() is null;
}
