using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Crds;
using Harness.EnvTest.Schema;

namespace Harness.Benchmarks.Schema;

/// <summary>
/// Cost of the CRD schema per write: prune, default and validate a 1.5 KiB VirtualMachineSnapshotContent
/// (v1beta1 schema), on an already parsed object and including the JSON parse.
/// </summary>
internal static class SchemaThroughput
{
    private const int Rounds = 200_000;

    private const string Content = """
        {"apiVersion":"snapshot.kubevirt.io/v1beta1","kind":"VirtualMachineSnapshotContent","metadata":{"name":"vmsnapshot-content-1","namespace":"default","labels":{"a":"b"}},
         "spec":{"virtualMachineSnapshotName":"snap-larry","source":{"virtualMachine":{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachine","metadata":{"name":"larry","namespace":"default"},
         "spec":{"runStrategy":"Always","template":{"spec":{"domain":{"devices":{"disks":[{"name":"d0"},{"name":"d1"},{"name":"d2"}]}},"volumes":[{"name":"d0","dataVolume":{"name":"dv0"}},{"name":"d1","persistentVolumeClaim":{"claimName":"p1"}},{"name":"d2","persistentVolumeClaim":{"claimName":"p2"}}]}}}}},
         "volumeBackups":[{"volumeName":"d0","persistentVolumeClaim":{"metadata":{"name":"dv0"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}},"volumeSnapshotName":"vmsnapshot-1-volume-d0"},
         {"volumeName":"d1","persistentVolumeClaim":{"metadata":{"name":"p1"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}},"volumeSnapshotName":"vmsnapshot-1-volume-d1"},
         {"volumeName":"d2","persistentVolumeClaim":{"metadata":{"name":"p2"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}},"volumeSnapshotName":"vmsnapshot-1-volume-d2"}]},
         "status":{"readyToUse":true,"creationTime":"2024-05-01T10:00:00Z","volumeSnapshotStatus":[{"volumeSnapshotName":"a","readyToUse":true,"creationTime":"2024-05-01T10:00:00Z"},{"volumeSnapshotName":"b","readyToUse":true},{"volumeSnapshotName":"c","readyToUse":true}]}}
        """;

    public static Task RunAsync()
    {
        var crd = CrdManifests.ReadJson("virtualmachinesnapshotcontents.snapshot.kubevirt.io");
        var version = crd["spec"]!["versions"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "v1beta1")!;
        var schema = StructuralSchema.Parse(version["schema"]!["openAPIV3Schema"]!.AsObject(), out _);
        var bytes = Encoding.UTF8.GetBytes(Content);
        var parsed = JsonNode.Parse(bytes)!.AsObject();
        var errors = 0;
        for (var round = 0; round < 2; round++)
        {
            var prune = Time(() => schema.Prune(parsed));
            var defaults = Time(() => schema.ApplyDefaults(parsed));
            var validate = Time(() => errors += schema.Validate(parsed).Count);
            var all = Time(() =>
            {
                var obj = JsonNode.Parse(bytes)!.AsObject();
                schema.Prune(obj);
                schema.ApplyDefaults(obj);
                errors += schema.Validate(obj).Count;
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{bytes.Length} B object: prune {prune:F2} us, defaults {defaults:F2} us, validate {validate:F2} us; parse+prune+defaults+validate {all:F2} us ({1e6 / all:F0}/s per core)"));
        }

        return errors == 0 ? Task.CompletedTask : throw new InvalidOperationException($"the benchmark object failed validation ({errors} errors)");
    }

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            action();
        }

        return stopwatch.Elapsed.TotalMilliseconds * 1000 / Rounds;
    }
}
