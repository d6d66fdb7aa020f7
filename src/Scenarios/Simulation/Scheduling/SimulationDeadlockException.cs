namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>Nothing can run, no timer is pending, and the run has not finished: every actor waits for another.</summary>
public sealed class SimulationDeadlockException(string message) : Exception(message);
