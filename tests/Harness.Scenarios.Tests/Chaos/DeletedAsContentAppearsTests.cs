using Harness.Scenarios.Faults;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>
/// Chaos seed 7 of the default plan: a snapshot deleted the moment its content is created, reconciled before the
/// controller's cache held the content, let its finalizer go and left the content behind (no-orphans). The controller
/// now reads the content from the API server before it lets a deleted snapshot go.
/// </summary>
public sealed class DeletedAsContentAppearsTests
{
    [Fact]
    public void DefaultSeed7_SnapshotDeletedAsItsContentAppears_NoContentLeftBehind()
    {
        var result = new ScenarioRunner(new ScenarioRunnerOptions()).Run(Scenario.Generate(7, FaultPlans.Default));

        Assert.Contains(result.Scenario.Schedule.Operations, o => o.Describe().EndsWith("as its content appears", StringComparison.Ordinal));
        Assert.True(result.Passed, string.Join("\n", result.Violations));
    }
}
