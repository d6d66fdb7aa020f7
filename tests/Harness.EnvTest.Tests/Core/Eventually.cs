namespace Harness.EnvTest.Tests.Core;

/// <summary>Bounded waits for what the server's controllers do asynchronously.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("still waiting for: " + what);
            }

            await Task.Delay(5);
        }
    }
}
