using Harness.Controller.Defects;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Running;
using Xunit.Abstractions;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>
/// Proof that the chaos scenarios find bugs: the harness's controller with each deliberate defect (a bug class of the
/// behaviour reference's §6), run on the default fault plan from seed 1 on, violates the invariant that names that
/// bug class within a bounded number of seeds. The README's Chaos section reports the seeds each took.
/// </summary>
public sealed class ControllerDefectTests(ITestOutputHelper output)
{
    public static TheoryData<ControllerDefects, string, int> Defects => new()
    {
        { ControllerDefects.ThawSkippedOnError, "thaw-follows-freeze", 5 },
        { ControllerDefects.FreezeAfterDelete, "thaw-follows-freeze", 20 },
        { ControllerDefects.ContentKeptAfterDeadline, "deadline-failure-cleans-up", 5 },
        { ControllerDefects.LockFinalizerLeaked, "no-orphans", 5 },
        { ControllerDefects.TwoSnapshotsHoldOneVm, "one-snapshot-holds-vm", 20 },
        { ControllerDefects.RestoreWhileTargetRuns, "restore-target-stopped", 15 },
        { ControllerDefects.RestoredSizeNotRoundedUp, "every-operation-ends", 15 },
        { ControllerDefects.VolumeSnapshotCreatedTwice, "volume-snapshot-cut-once", 100 },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void DefaultFaults_ControllerWithDefect_CaughtWithinBoundedSeeds(ControllerDefects defect, string invariant, int seeds)
    {
        var runner = new ScenarioRunner(new ScenarioRunnerOptions { Controller = SnapshotRestoreControllers.With(defect) });

        for (var seed = 1UL; seed <= (ulong)seeds; seed++)
        {
            var result = runner.Run(Scenario.Generate(seed, FaultPlans.Default));
            if (result.Passed)
            {
                continue;
            }

            output.WriteLine($"{defect}: caught at seed {seed} ({seed} runs): {result.Scenario.ReplayCommand}");
            result.Violations.ToList().ForEach(v => output.WriteLine("  " + v));
            Assert.Contains(result.Violations, v => v.Invariant == invariant);
            return;
        }

        Assert.Fail($"{defect}: not caught in seeds 1..{seeds} with the default fault plan");
    }
}
