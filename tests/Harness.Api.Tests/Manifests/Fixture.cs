using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Api.Instancetypes;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Api.SnapshotStorage;
using k8s;

namespace Harness.Api.Tests.Manifests;

/// <summary>A real-world manifest under <c>Manifests/Fixtures</c>, read into the model of its kind.</summary>
internal sealed record Fixture(string Name, string Json)
{
    private static readonly Dictionary<string, Type> Models = new[]
    {
        typeof(VirtualMachine), typeof(VirtualMachineInstance), typeof(KubeVirtInstallation),
        typeof(VolumeSnapshot), typeof(VolumeSnapshotContent), typeof(VolumeSnapshotClass),
        typeof(DataVolume), typeof(StorageProfile),
        typeof(VirtualMachineInstancetype), typeof(VirtualMachineClusterInstancetype),
        typeof(VirtualMachinePreference), typeof(VirtualMachineClusterPreference),
    }.ToDictionary(t => ((Resource)Activator.CreateInstance(t)!).Kind);

    public static IEnumerable<Fixture> All => Directory
        .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Manifests", "Fixtures"), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(path => new Fixture(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path)));

    public static TheoryData<string> Names => new(All.Select(f => f.Name));

    public static Fixture Named(string name) => All.Single(f => f.Name == name);

    public Type Model => Models[JsonNode.Parse(Json)!["kind"]!.GetValue<string>()];

    public Resource Read() => (Resource)typeof(KubernetesJson)
        .GetMethod(nameof(KubernetesJson.Deserialize), [typeof(string), typeof(JsonSerializerOptions)])!
        .MakeGenericMethod(Model)
        .Invoke(null, [Json, null])!;
}
