namespace Harness.Controller.Tests.World;

/// <summary>
/// Turns of the live cases on the shared cluster: up to <c>shared</c> at once, or one case alone (it takes every
/// turn, one alone case at a time), for a case that restarts a component the others use.
/// </summary>
internal sealed class SharedOrAlone(int shared)
{
    private readonly SemaphoreSlim turns = new(shared, shared);
    private readonly SemaphoreSlim alone = new(1, 1);

    public async Task<IDisposable> SharedAsync()
    {
        await turns.WaitAsync();
        return new Turn(() => turns.Release());
    }

    public async Task<IDisposable> AloneAsync()
    {
        await alone.WaitAsync();
        for (var i = 0; i < shared; i++)
        {
            await turns.WaitAsync();
        }

        return new Turn(() =>
        {
            turns.Release(shared);
            alone.Release();
        });
    }

    private sealed class Turn(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
