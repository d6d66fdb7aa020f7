using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Harness.Runtime;

/// <summary>
/// Ends a child process as a service manager does: SIGTERM, so that it stops cleanly and removes what it made (its
/// sockets, the runtime's diagnostics files in the temporary folder), then SIGKILL if it has not ended within a grace period.
/// </summary>
public static class ProcessTermination
{
    private const int SigTerm = 15;

    public static async Task TerminateAsync(Process process, TimeSpan grace, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return;
        }

        _ = Kill(process.Id, SigTerm);
        using var bound = new CancellationTokenSource(grace, time);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
