using Harness.Simulators.GuestAgent;

return await GuestAgentCommandLine.Build().Parse(args).InvokeAsync();
