namespace Harness.Scenarios.Faults.Api;

/// <summary>What happens to one watch event (<paramref name="Kind"/>).</summary>
/// <param name="Delay">How long a <see cref="ApiFaultKind.WatchDelayed"/> event is held back.</param>
public sealed record WatchFault(ApiFaultKind Kind, TimeSpan Delay);
