using Harness.Scenarios.Cli;

return await HarnessCommandLine.RunAsync(args, upComponents: [(environment, settings) => new SimulatedBackendsComponent(environment, settings)]);
