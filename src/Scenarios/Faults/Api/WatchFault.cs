namespace Harness.Scenarios.Faults.Api;

/// <summary>What happens to one watch: <paramref name="Kind"/> at its live event number <paramref name="EventIndex"/> (from 0; bookmarks do not count).</summary>
/// <param name="Delay">How long a <see cref="ApiFaultKind.WatchDelayed"/> event is held back.</param>
public sealed record WatchFault(ApiFaultKind Kind, int EventIndex, TimeSpan Delay);
