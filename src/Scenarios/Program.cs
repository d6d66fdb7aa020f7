using Harness.Scenarios.Cli;

return await HarnessCommandLine.RunAsync(args, upComponents: [environment => new SimulatedBackendsComponent(environment)]);
