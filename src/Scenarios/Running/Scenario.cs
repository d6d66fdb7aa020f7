using System.Text;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Operations;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Worlds;

namespace Harness.Scenarios.Running;

/// <summary>A world, a schedule of operations and a fault plan, all made from <see cref="Seed"/> (or shrunk from one).</summary>
public sealed record Scenario(ulong Seed, FaultPlan Faults, WorldSpec World, OperationSchedule Schedule)
{
    /// <summary>The scenario of <paramref name="seed"/> under <paramref name="faults"/>: the same seed always makes the same one.</summary>
    public static Scenario Generate(ulong seed, FaultPlan faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var root = new SimulationSeed(seed);
        var world = WorldGenerator.Generate(IntSeed(root.Derive("world")), faults);
        return new Scenario(seed, faults, world, ScheduleGenerator.Generate(IntSeed(root.Derive("schedule")), world, faults));
    }

    /// <summary>The command that runs this seed again.</summary>
    public string ReplayCommand =>
        $"harness replay {Seed}{(Faults.Name == FaultPlans.DefaultName ? "" : $" --faults {Faults.Name}")}";

    public string Describe() =>
        new StringBuilder().Append("seed ").Append(Seed).Append(" faults ").AppendLine(Faults.Name)
            .Append(World.Describe()).AppendLine(Schedule.Describe()).ToString();

    private static int IntSeed(SimulationSeed seed) => (int)(seed.Value & int.MaxValue);
}
