using FsCheck.Xunit;
using Harness.EnvTest.Crds;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tests.Crds;

public sealed class CrdSchemaPropertyTests
{
    private static readonly IReadOnlyList<(string ApiVersion, string Kind, System.Text.Json.Nodes.JsonObject Json, StructuralSchema Schema)> Versions = CrdManifests.ReadAllJson()
        .SelectMany(crd => crd["spec"]!["versions"]!.AsArray().Select(v => (
            crd["spec"]!["group"]!.GetValue<string>() + "/" + v!["name"]!.GetValue<string>(),
            crd["spec"]!["names"]!["kind"]!.GetValue<string>(),
            v["schema"]!["openAPIV3Schema"]!.AsObject(),
            StructuralSchema.Parse(v["schema"]!["openAPIV3Schema"]!.AsObject(), out _))))
        .ToArray();

    [Property(MaxTest = 100)]
    public bool ValidGeneratedObject_ValidatesAndSurvivesPruningInEveryCrdVersion(int seed)
    {
        var generator = new SchemaConformingObjects(seed);
        foreach (var (apiVersion, kind, json, schema) in Versions)
        {
            var obj = generator.Generate(json, apiVersion, kind);
            var before = obj.ToJsonString();

            var pruned = schema.PruneAndReportUnknownFields(obj);
            var errors = schema.Validate(obj);

            if (pruned.Count > 0 || errors.Count > 0 || obj.ToJsonString() != before)
            {
                throw new InvalidOperationException($"{apiVersion} {kind}: pruned [{string.Join(", ", pruned)}], errors [{string.Join("; ", errors)}] for {before}");
            }
        }

        return true;
    }

    [Property(MaxTest = 100)]
    public bool UnknownField_IsPrunedAndReported(int seed)
    {
        var generator = new SchemaConformingObjects(seed);
        foreach (var (apiVersion, kind, json, schema) in Versions)
        {
            var obj = generator.Generate(json, apiVersion, kind);
            var expected = obj.ToJsonString();
            obj["zzUnknown" + (seed & 0xff)] = seed;

            var pruned = schema.PruneAndReportUnknownFields(obj);

            if (obj.ToJsonString() != expected || pruned.Count != 1 || pruned[0] != "zzUnknown" + (seed & 0xff))
            {
                throw new InvalidOperationException($"{apiVersion} {kind}: pruned [{string.Join(", ", pruned)}]");
            }
        }

        return true;
    }
}
