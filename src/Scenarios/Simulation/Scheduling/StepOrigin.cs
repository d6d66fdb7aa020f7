using System.Reflection;

namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>What a queued piece of work resumes: its trace label and the assembly its code belongs to.</summary>
internal sealed record StepOrigin(string Label, Assembly? Assembly);
