using k8s.Models;

namespace Harness.EnvTest.Tests.Resources;

/// <summary>A well-formed events.k8s.io/v1 Event, as a snapshot controller would report one.</summary>
internal static class SampleEvents
{
    public static readonly DateTime EventTime = new(2026, 1, 2, 3, 4, 5, 123, DateTimeKind.Utc);

    public static Eventsv1Event EventsV1(string name, string @namespace) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        EventTime = EventTime,
        ReportingController = "harness.example.com/snapshotter",
        ReportingInstance = "snapshotter-0",
        Action = "Snapshot",
        Reason = "SnapshotCreated",
        Regarding = new V1ObjectReference { Kind = "VirtualMachineSnapshot", NamespaceProperty = @namespace, Name = "snap-larry", ApiVersion = "snapshot.kubevirt.io/v1beta1" },
        Note = $"Successfully created snapshot {@namespace}/snap-larry",
        Type = "Normal",
    };
}
