using Harness.Simulators.Csi.Cli;

return await CsiDriverCommand.Create().Parse(args).InvokeAsync();
