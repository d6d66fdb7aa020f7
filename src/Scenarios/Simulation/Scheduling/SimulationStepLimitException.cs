namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>A run took more steps than allowed (a livelock, a busy loop, or a limit set too low).</summary>
public sealed class SimulationStepLimitException(string message) : Exception(message);
