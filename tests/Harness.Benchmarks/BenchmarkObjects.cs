using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.Crds;
using Harness.EnvTest.Requests;

namespace Harness.Benchmarks;

/// <summary>The objects the benchmarks write: VirtualMachineSnapshots of about 2 KiB.</summary>
internal static class BenchmarkObjects
{
    public const string Group = "snapshot.kubevirt.io";
    public const string Version = "v1beta1";
    public const string Plural = "virtualmachinesnapshots";
    public const string Namespace = "default";
    public const string CollectionPath = $"/apis/{Group}/{Version}/namespaces/{Namespace}/{Plural}";

    private static readonly string Payload = new('x', 1800);

    /// <summary>A snapshot named <paramref name="name"/>, padded to about 2 KiB with an annotation.</summary>
    public static JsonObject Snapshot(string name, int generation = 0) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "VirtualMachineSnapshot",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = Namespace,
            ["annotations"] = new JsonObject { ["bench.harness/payload"] = Payload, ["bench.harness/generation"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        ["spec"] = new JsonObject
        {
            ["source"] = new JsonObject { ["apiGroup"] = "kubevirt.io", ["kind"] = "VirtualMachine", ["name"] = "vm-" + name },
        },
    };

    /// <summary>Installs the VirtualMachineSnapshot CRD into a core through its request interface.</summary>
    public static async Task InstallSnapshotCrdAsync(ApiServer server)
    {
        var crd = CrdManifests.ReadJson("virtualmachinesnapshots.snapshot.kubevirt.io");
        var response = await server.HandleAsync(Post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd), CancellationToken.None);
        if (response.StatusCode != 201)
        {
            throw new InvalidOperationException($"installing the CRD answered {response.StatusCode}");
        }
    }

    public static ApiRequest Post(string path, JsonObject body) => new()
    {
        Method = "POST",
        Path = path,
        ContentType = "application/json",
        Accept = "application/json",
        Body = Encoding.UTF8.GetBytes(body.ToJsonString()),
    };

    public static ApiRequest Put(string path, byte[] body) => new()
    {
        Method = "PUT",
        Path = path,
        ContentType = "application/json",
        Accept = "application/json",
        Body = body,
    };

    public static byte[] Body(ApiResponse response) =>
        response is BufferedApiResponse buffered ? buffered.Body.ToArray() : throw new InvalidOperationException("expected a complete body");
}
