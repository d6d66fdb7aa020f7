using System.Globalization;

namespace Harness.Scenarios.Cluster.Events;

/// <summary>One observable fact: when (virtual time in simulation), which component saw it, about what.</summary>
/// <param name="Sequence">Position in the log, from 0.</param>
/// <param name="Subject">The object or guest concerned (<c>namespace/name</c>, a volume id, a component name).</param>
public sealed record DomainEvent(long Sequence, DateTimeOffset At, string Component, DomainEventKind Kind, string Subject, string Detail)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{At:HH:mm:ss.fff} #{Sequence} {Component} {Kind} {Subject}{(Detail.Length > 0 ? " " + Detail : "")}");
}
