using System.CommandLine;
using System.Runtime.InteropServices;
using Harness.Simulators.GuestAgent;

// SIGTERM and SIGINT stop the agent cleanly (socket removed, exit code 0).
using var stop = new CancellationTokenSource();
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
return await GuestAgentCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
