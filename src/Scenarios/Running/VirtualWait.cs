namespace Harness.Scenarios.Running;

/// <summary>Waits in the run's (virtual) time for a condition, looking again every <paramref name="every"/>.</summary>
public sealed class VirtualWait(TimeProvider time, TimeSpan every)
{
    /// <returns>Whether <paramref name="condition"/> held within <paramref name="budget"/>.</returns>
    public async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = time.GetUtcNow() + budget;
        while (!await condition())
        {
            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(every, time);
        }

        return true;
    }

    /// <exception cref="TimeoutException">The condition did not hold within the budget; the message names <paramref name="what"/>.</exception>
    public async Task RequireAsync(string what, Func<Task<bool>> condition, TimeSpan budget)
    {
        if (!await UntilAsync(condition, budget))
        {
            throw new TimeoutException($"not reached within {budget} of virtual time: {what}");
        }
    }
}
