using Harness.Scenarios.Cluster.Components;

namespace Harness.Scenarios.Faults;

/// <summary>The named fault plans <c>harness chaos --faults</c> takes.</summary>
public static class FaultPlans
{
    public const string DefaultName = "default";

    public static FaultPlan None { get; } = new("none", "no faults: the schedule's operations only", 0, 0, 0, [], BehindTheBack: false);

    public static FaultPlan Guest { get; } = new("guest", "guest faults only: freezes that hang or fail, thaw limits, slow or disconnecting agents", 0.5, 0, 0, [], BehindTheBack: false);

    public static FaultPlan Storage { get; } = new("storage", "CSI faults only: CreateSnapshot errors and latency, late and never-ready snapshots", 0, 3, 0, [], BehindTheBack: false);

    public static FaultPlan Api { get; } = new(
        "api",
        "API server faults only, on every component's client: 409, 429, 500, 503 and 504 answers (some after the write was stored); watches closed, expired (410), delayed, duplicated or losing events",
        0,
        0,
        0,
        [],
        BehindTheBack: false,
        ApiRequestFaultChance: 0.05,
        ApiWatchFaultChance: 0.02);

    public static FaultPlan Crashes { get; } =
        new(
            "crashes",
            "components crashed and restarted at scheduling points: CSI drivers, the controller, KubeVirt and the CSI sidecars",
            0,
            0,
            3,
            [FaultPlan.DriverTarget, ComponentNames.Controller, ComponentNames.KubeVirt, ComponentNames.StorageSidecars],
            BehindTheBack: false);

    /// <summary>Every kind at once, at moderate rates; the CSI drivers and the snapshot/restore controller crash.</summary>
    public static FaultPlan Default { get; } = new(
        DefaultName,
        "guest, CSI, crash (CSI drivers and the controller) and API server faults together, and VolumeSnapshots deleted behind the controller's back",
        0.3,
        2,
        2,
        [FaultPlan.DriverTarget, ComponentNames.Controller],
        BehindTheBack: true,
        ApiRequestFaultChance: 0.01,
        ApiWatchFaultChance: 0.005);

    public static IReadOnlyList<FaultPlan> All { get; } = [Default, None, Guest, Storage, Crashes, Api];

    /// <exception cref="ArgumentException">No plan has that name; the message lists the known ones.</exception>
    public static FaultPlan Parse(string name) =>
        All.FirstOrDefault(plan => plan.Name == name)
        ?? throw new ArgumentException($"unknown fault plan '{name}'; known plans: {string.Join(", ", All.Select(p => p.Name))}", nameof(name));
}
