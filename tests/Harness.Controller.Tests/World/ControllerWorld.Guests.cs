using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Controller.Tests.World;

/// <summary>The guest facet: the freeze log the cluster records for each guest.</summary>
internal sealed partial class ControllerWorld
{
    /// <summary>The guest's freezes and thaws, in order, as <c>frozen</c>/<c>thawed</c>.</summary>
    public IReadOnlyList<string> FreezeLog(string vm) =>
        [.. Events.Events
            .Where(e => e.Subject == ComponentNames.Guest(Namespace, vm) && e.Kind is DomainEventKind.GuestFrozen or DomainEventKind.GuestThawed)
            .Select(e => e.Kind == DomainEventKind.GuestFrozen ? "frozen" : "thawed")];
}
