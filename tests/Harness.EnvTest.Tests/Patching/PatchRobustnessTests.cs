using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Harness.EnvTest.Patching;
using static Harness.EnvTest.Tests.Patching.PatchContexts;

namespace Harness.EnvTest.Tests.Patching;

/// <summary>Whatever the body, a patch either yields an object or a <see cref="PatchException"/> (never a crash, never a change to the input).</summary>
public sealed class PatchRobustnessTests
{
    private static readonly string[] Keys =
        ["a", "b", "name", "spec", "metadata", "containers", "finalizers", "env", "image", "labels", "$patch", "$retainKeys", "$setElementOrder/containers", "$deleteFromPrimitiveList/finalizers", "$setElementOrder/finalizers"];

    private static readonly string[] Strings = ["x", "y", "app", "delete", "replace", "merge", "/a", "/spec/containers/0", "-", "/metadata/finalizers/-"];

    private static JsonNode? RandomValue(Random random, int depth) => random.Next(depth <= 0 ? 4 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(-2, 3)),
        2 => JsonValue.Create(Strings[random.Next(Strings.Length)]),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 or 5 => RandomObject(random, depth - 1),
        _ => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth - 1))]),
    };

    private static JsonObject RandomObject(Random random, int depth)
    {
        var obj = new JsonObject();
        for (var i = random.Next(4); i > 0; i--)
        {
            obj[Keys[random.Next(Keys.Length)]] = RandomValue(random, depth);
        }

        return obj;
    }

    private static JsonObject RandomPod(Random random)
    {
        var pod = RandomObject(random, 3);
        pod["apiVersion"] = "v1";
        pod["kind"] = "Pod";
        pod["metadata"] = new JsonObject { ["name"] = "p", ["finalizers"] = new JsonArray("x", "y") };
        pod["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "i" }) };
        return pod;
    }

    private static bool YieldsObjectOrPatchException(PatchFormat format, JsonObject current, string body, PatchContext context)
    {
        var before = current.ToJsonString();
        try
        {
            return PatchApplier.Apply(format, current, Body(body), context) is not null && current.ToJsonString() == before;
        }
        catch (PatchException)
        {
            return current.ToJsonString() == before;
        }
    }

    [Property(MaxTest = 300)]
    public bool StrategicMergePatch_AnyBody_YieldsObjectOrPatchException(int seed)
    {
        var random = new Random(seed);
        return YieldsObjectOrPatchException(PatchFormat.StrategicMergePatch, RandomPod(random), RandomValue(random, 4)?.ToJsonString() ?? "null", Pod());
    }

    [Property(MaxTest = 300)]
    public bool MergePatch_AnyBody_YieldsObjectOrPatchException(int seed)
    {
        var random = new Random(seed);
        return YieldsObjectOrPatchException(PatchFormat.MergePatch, RandomPod(random), RandomValue(random, 4)?.ToJsonString() ?? "null", Pod());
    }

    [Property(MaxTest = 300)]
    public bool JsonPatch_AnyOperations_YieldsObjectOrPatchException(int seed)
    {
        var random = new Random(seed);
        var operations = new JsonArray([.. Enumerable.Range(0, random.Next(5)).Select(_ => (JsonNode?)new JsonObject
        {
            ["op"] = new[] { "add", "remove", "replace", "move", "copy", "test", "bogus" }[random.Next(7)],
            ["path"] = Strings[random.Next(Strings.Length)],
            ["from"] = Strings[random.Next(Strings.Length)],
            ["value"] = RandomValue(random, 2),
        })]);
        return YieldsObjectOrPatchException(PatchFormat.JsonPatch, RandomPod(random), operations.ToJsonString(), Pod());
    }

    [Property(MaxTest = 300)]
    public bool ServerSideApply_AnyConfiguration_YieldsObjectOrPatchException(int seed)
    {
        var random = new Random(seed);
        var first = RandomPod(random);
        first.Remove("status");
        var second = RandomPod(random);
        try
        {
            var live = PatchApplier.Apply(PatchFormat.ApplyPatch, null, Body(first.ToJsonString()), Pod("one"));
            return YieldsObjectOrPatchException(PatchFormat.ApplyPatch, live, second.ToJsonString(), Pod(random.Next(2) == 0 ? "one" : "two"));
        }
        catch (PatchException)
        {
            return true;
        }
    }

    [Property(MaxTest = 300)]
    public bool ServerSideApply_AnyYamlText_YieldsObjectOrPatchException(int seed)
    {
        var random = new Random(seed);
        string[] pieces = ["apiVersion: v1\n", "kind: Pod\n", "metadata:\n", "  name: p\n", "- ", "  ", ": ", "&a ", "*a", "!!str ", "!!int ", "? ", "{", "}", "[", "]", ",", "\"", "'", "x", "1", "~", "\n", "---\n", "|\n", "#"];
        var text = string.Concat(Enumerable.Range(0, random.Next(30)).Select(_ => pieces[random.Next(pieces.Length)]));
        try
        {
            return PatchApplier.Apply(PatchFormat.ApplyPatch, null, Body(text), Pod("one")) is not null;
        }
        catch (PatchException)
        {
            return true;
        }
    }
}
