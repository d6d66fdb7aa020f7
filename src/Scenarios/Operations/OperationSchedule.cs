namespace Harness.Scenarios.Operations;

/// <summary>A scenario's operations in the order they are applied (by <see cref="Operation.At"/>, then as listed).</summary>
public sealed record OperationSchedule(IReadOnlyList<Operation> Operations)
{
    public string Describe() => string.Join('\n', Operations);
}
