using Harness.Scenarios.Cli;

namespace Harness.Scenarios.Tests.Reproducing;

/// <summary><c>harness reproduce</c> on hand-written dumps: what it prints, that it prints it again, and bad input.</summary>
public sealed class ReproduceCommandTests : IDisposable
{
    private readonly Dumps dumps = new();

    public void Dispose() => dumps.Dispose();

    internal static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await HarnessCommandLine.RunAsync(arguments, [], output, error);
        return (exitCode, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public async Task Reproduce_SnapshotOfStoppedVm_AdoptsTheVolumeAndSucceeds()
    {
        var (exitCode, output, _) = await RunAsync("reproduce", Dumps.StoppedVmWithSnapshot);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("loaded 4 objects; seed 1; controller in-process; clock from 2026-03-01T10:05:01Z\ncreated namespace apps\n", output, StringComparison.Ordinal);
        Assert.Contains("adopted volume vol-adopted-1 (PersistentVolume pvc-11111111-2222-4333-8444-555555555555)\n", output, StringComparison.Ordinal);
        Assert.Contains("controller Reconciled vmsnapshot apps/snap1 done", output, StringComparison.Ordinal);
        Assert.Contains("controller ObjectWritten POST /apis/snapshot.storage.k8s.io/v1/namespaces/apps/volumesnapshots 201", output, StringComparison.Ordinal);
        Assert.Contains("SnapshotCut", output, StringComparison.Ordinal);
        Assert.Contains("observer PhaseChanged vmsnapshot apps/snap1 InProgress -> Succeeded", output, StringComparison.Ordinal);
        Assert.EndsWith("--- every snapshot and restore finished\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproduce_WebhookDenyingVolumeSnapshots_ShowsTheSnapshotWaitingAndWhy()
    {
        var (exitCode, output, _) = await RunAsync("reproduce", Dumps.StoppedVmWithSnapshot, Dumps.DenyingWebhook);

        Assert.Equal(0, exitCode);
        var unfinished = output[output.IndexOf("--- unfinished\n", StringComparison.Ordinal)..];
        Assert.Equal(
            """
            --- unfinished
            VirtualMachineSnapshot apps/snap1: phase InProgress
              condition Progressing=True reason "Source locked and operation in progress" message ""
              condition Ready=False reason "Not ready" message ""
              waiting: vmsnapshotcontent apps/vmsnapshot-content-9a000000-0000-4000-8000-000000000003 failed at 10:05:41: 500 Internal error occurred: failed calling webhook "deny-volumesnapshots.example.com": failed to call webhook: Post "https://127.0.0.1:1/validate/deny?timeout=10s": the webhook is not reachable from a reproduction; its failurePolicy applies

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            unfinished);
        Assert.Contains("--- 2026-03-01T10:06:02Z: nothing changed since 10:05:02 (00:01:00 of virtual time)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproduce_SameDumpAndSeed_PrintsTheSameText()
    {
        var first = await RunAsync("reproduce", Dumps.StoppedVmWithSnapshot, Dumps.DenyingWebhook, "--seed", "42");
        var second = await RunAsync("reproduce", Dumps.StoppedVmWithSnapshot, Dumps.DenyingWebhook, "--seed", "42");

        Assert.Equal(first, second);
        Assert.Contains("seed 42", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproduce_NoController_LeavesTheSnapshotUnreconciled()
    {
        var (exitCode, output, _) = await RunAsync("reproduce", Dumps.StoppedVmWithSnapshot, "--controller", "none", "--quiet", "10s");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("controller Reconciled", output, StringComparison.Ordinal);
        Assert.EndsWith("VirtualMachineSnapshot apps/snap1: phase (none)\n  waiting: not reconciled yet (no status)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproduce_ReadyContentAndFrozenRunningVmi_AreAdoptedAndTheGuestBootsFrozen()
    {
        var extra = dumps.Write("running.yaml", RunningFrozenVmi);

        var (exitCode, output, _) = await RunAsync("reproduce", Dumps.StoppedVmWithSnapshot, extra, "--controller", "none", "--quiet", "5s");

        Assert.Equal(0, exitCode);
        Assert.Contains("adopted snapshot snap-adopted-1 (VolumeSnapshotContent snapcontent-1)\n", output, StringComparison.Ordinal);
        Assert.Contains("guest/apps/moe GuestFrozen guest/apps/moe journal 0 (booted frozen, as its VMI said)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reproduce", "PATH")]
    [InlineData("reproduce DUMP --controller process", "--controller must be in-process or none, not 'process'")]
    [InlineData("reproduce DUMP --quiet 0s", "--quiet must be a positive duration such as 90s, 5m or 1h30m, not '0s'")]
    [InlineData("reproduce DUMP --limit soon", "--limit must be a positive duration such as 90s, 5m or 1h30m, not 'soon'")]
    public async Task Reproduce_BadArguments_SayWhatIsWrongAndExitNonZero(string arguments, string message)
    {
        var (exitCode, _, error) = await RunAsync(arguments.Replace("DUMP", Dumps.StoppedVmWithSnapshot, StringComparison.Ordinal).Split(' '));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproduce_FolderWithoutObjects_SaysSoAndExitsOne()
    {
        dumps.Write("must-gather/timestamp", "2026-03-01");

        var (exitCode, _, error) = await RunAsync("reproduce", Path.Combine(dumps.Folder, "must-gather"));

        Assert.Equal(1, exitCode);
        Assert.Equal($"harness reproduce: no Kubernetes objects in {Path.Combine(dumps.Folder, "must-gather")}\n", error);
    }

    [Fact]
    public async Task Reproduce_UnparsableFile_NamesFileAndPositionAndExitsOne()
    {
        var bad = dumps.Write("bad.yaml", "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap\n");

        var (exitCode, output, error) = await RunAsync("reproduce", Dumps.StoppedVmWithSnapshot, bad);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"harness reproduce: the dump cannot be loaded, nothing was:\n{bad}:", error.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("not YAML or JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproduce_InvalidObjectOrUnservedKind_NamesEachWithItsPositionAndExitsOne()
    {
        var bad = dumps.Write("bad.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: Not_A_Name, namespace: apps}
            ---
            apiVersion: cdi.kubevirt.io/v1beta1
            kind: DataImportCron
            metadata: {name: nightly, namespace: apps}
            """);

        var (exitCode, _, error) = await RunAsync("reproduce", Dumps.StoppedVmWithSnapshot, bad);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{bad}:1:1: ConfigMap \"Not_A_Name\" is invalid: metadata.name: Invalid value: \"Not_A_Name\"", error, StringComparison.Ordinal);
        Assert.Contains($"{bad}:5:1: DataImportCron (cdi.kubevirt.io/v1beta1) is not served: cdi.kubevirt.io/v1beta1 has no kind \"DataImportCron\"", error, StringComparison.Ordinal);
    }

    private const string RunningFrozenVmi = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: PersistentVolume
          metadata: {name: pvc-22222222-2222-4333-8444-555555555555, uid: 9b000000-0000-4000-8000-000000000001, creationTimestamp: "2026-03-01T10:00:01Z"}
          spec:
            accessModes: [ReadWriteOnce]
            capacity: {storage: 1Gi}
            claimRef: {apiVersion: v1, kind: PersistentVolumeClaim, name: moe-disk, namespace: apps, uid: 22222222-2222-4333-8444-555555555555}
            csi: {driver: csi.harness.kubevirt.io, volumeHandle: vol-adopted-2}
            storageClassName: harness-csi
            volumeMode: Block
          status: {phase: Bound}
        - apiVersion: v1
          kind: PersistentVolumeClaim
          metadata: {name: moe-disk, namespace: apps, uid: 22222222-2222-4333-8444-555555555555, creationTimestamp: "2026-03-01T10:00:00Z"}
          spec:
            accessModes: [ReadWriteOnce]
            resources: {requests: {storage: 1Gi}}
            storageClassName: harness-csi
            volumeMode: Block
            volumeName: pvc-22222222-2222-4333-8444-555555555555
          status: {phase: Bound, accessModes: [ReadWriteOnce], capacity: {storage: 1Gi}}
        - apiVersion: kubevirt.io/v1
          kind: VirtualMachine
          metadata: {name: moe, namespace: apps, uid: 9b000000-0000-4000-8000-000000000002, creationTimestamp: "2026-03-01T10:00:02Z"}
          spec:
            runStrategy: Always
            template:
              spec:
                domain:
                  devices: {disks: [{name: disk0, disk: {bus: virtio}}]}
                  resources: {requests: {memory: 128Mi}}
                volumes: [{name: disk0, persistentVolumeClaim: {claimName: moe-disk}}]
          status: {printableStatus: Running, ready: true}
        - apiVersion: kubevirt.io/v1
          kind: VirtualMachineInstance
          metadata:
            name: moe
            namespace: apps
            uid: 9b000000-0000-4000-8000-000000000003
            creationTimestamp: "2026-03-01T10:00:03Z"
            ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: moe, uid: 9b000000-0000-4000-8000-000000000002, controller: true, blockOwnerDeletion: true}]
          spec:
            domain:
              devices: {disks: [{name: disk0, disk: {bus: virtio}}]}
              resources: {requests: {memory: 128Mi}}
            volumes: [{name: disk0, persistentVolumeClaim: {claimName: moe-disk}}]
          status: {phase: Running, nodeName: harness-node, fsFreezeStatus: frozen}
        - apiVersion: snapshot.storage.k8s.io/v1
          kind: VolumeSnapshotContent
          metadata: {name: snapcontent-1, uid: 9b000000-0000-4000-8000-000000000004, creationTimestamp: "2026-03-01T10:01:00Z"}
          spec:
            deletionPolicy: Delete
            driver: csi.harness.kubevirt.io
            source: {volumeHandle: vol-adopted-2}
            volumeSnapshotRef: {apiVersion: snapshot.storage.k8s.io/v1, kind: VolumeSnapshot, name: moe-snap, namespace: apps, uid: 9b000000-0000-4000-8000-000000000005}
          status: {readyToUse: true, snapshotHandle: snap-adopted-1, restoreSize: 1073741824, creationTime: 1772359260000000000}
        """;
}
