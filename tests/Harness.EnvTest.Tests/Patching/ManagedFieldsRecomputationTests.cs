using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Harness.EnvTest.Patching;
using Harness.EnvTest.Patching.ServerSideApply;
using Harness.EnvTest.Patching.TypeRules;
using static Harness.EnvTest.Tests.Patching.PatchContexts;

namespace Harness.EnvTest.Tests.Patching;

/// <summary>
/// The tracker's shortcuts (ownership recorded in place, field sets filled subtree by subtree) give exactly what the
/// full recomputation gives: decode every entry, take the changed fields from the others, re-encode.
/// </summary>
public sealed class ManagedFieldsRecomputationTests
{
    private static readonly string[] Managers = ["kubectl-edit", "controller", "operator"];
    private static readonly string[] Keys = ["a", "b", "c", "name", "image"];

    private static JsonNode? RandomValue(Random random, int depth) => random.Next(depth <= 0 ? 3 : 5) switch
    {
        0 => JsonValue.Create(random.Next(3)),
        1 => JsonValue.Create(Keys[random.Next(Keys.Length)]),
        2 => null,
        3 => RandomMap(random, depth - 1),
        _ => new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(i => (JsonNode?)new JsonObject { ["name"] = "n" + i, ["image"] = RandomValue(random, 0) })]),
    };

    private static JsonObject RandomMap(Random random, int depth)
    {
        var map = new JsonObject();
        for (var i = random.Next(4); i > 0; i--)
        {
            map[Keys[random.Next(Keys.Length)]] = RandomValue(random, depth);
        }

        return map;
    }

    private static JsonObject RandomPod(Random random) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "p", ["uid"] = "u", ["labels"] = RandomMap(random, 0), ["annotations"] = RandomMap(random, 0) },
        ["spec"] = new JsonObject
        {
            ["containers"] = RandomValue(random, 1) is JsonArray containers ? containers : new JsonArray(),
            ["extra"] = RandomMap(random, 2),
        },
    };

    /// <summary>A change of a few fields, as a client's update makes it; the managed fields travel along.</summary>
    private static JsonObject Change(Random random, JsonObject current)
    {
        var next = current.DeepClone().AsObject();
        var fresh = RandomPod(random);
        foreach (var (section, field) in new[] { ("metadata", "labels"), ("metadata", "annotations"), ("spec", "containers"), ("spec", "extra") })
        {
            if (random.Next(3) == 0)
            {
                next[section]![field] = fresh[section]![field]!.DeepClone();
            }
        }

        next["metadata"]!["resourceVersion"] = random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return next;
    }

    private static readonly FieldSet Stripped = BuildStripped();

    private static FieldSet BuildStripped()
    {
        var set = new FieldSet();
        foreach (var top in new[] { "apiVersion", "kind", "metadata" })
        {
            set.Insert([FieldPath.Field(top)]);
        }

        foreach (var name in new[] { "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion" })
        {
            set.Insert([FieldPath.Field("metadata"), FieldPath.Field(name)]);
        }

        return set;
    }

    /// <summary>The full recomputation of a non-apply write.</summary>
    private static void Recompute(JsonObject? oldObj, JsonObject newObj, string manager, PatchContext context)
    {
        var source = newObj["metadata"]?["managedFields"] is JsonArray { Count: > 0 } proposed ? proposed : oldObj?["metadata"]?["managedFields"];
        var comparison = ObjectFieldSets.Compare(oldObj ?? [], newObj, TypeRuleSet.For(context));
        var identity = ManagerIdentity.Of(manager, ManagerIdentity.Update, context.ApiVersion, context.Subresource);
        var changed = comparison.Changed;
        var taken = changed.Difference(Stripped);
        var managed = ManagedFields.Decode(source?.DeepClone());
        foreach (var entry in managed.Entries)
        {
            entry.Fields = entry.Fields.Difference(changed).Difference(comparison.Removed);
        }

        if (!taken.IsEmpty)
        {
            var previous = managed.Find(identity)?.Fields ?? new FieldSet();
            managed.Set(new ManagedFieldsEntry(identity, context.ApiVersion, ManagedFields.FormatTime(context.Time), previous.Union(taken)));
        }

        managed.RemoveEmpty();
        managed.CapUpdateManagers(10);
        managed.EncodeInto(newObj);
    }

    [Property(MaxTest = 200)]
    public bool RecordUpdate_AnyHistoryOfUpdates_EqualsFullRecomputation(int seed)
    {
        var random = new Random(seed);
        var current = RandomPod(random);
        ManagedFieldsTracker.RecordUpdate(null, current, Managers[0], Pod());
        for (var step = 1; step <= 6; step++)
        {
            var next = Change(random, current);
            var expected = next.DeepClone().AsObject();
            var manager = Managers[random.Next(Managers.Length)];
            var context = Pod() with { Time = T0.AddMinutes(step) };

            ManagedFieldsTracker.RecordUpdate(current, next, manager, context);
            Recompute(current, expected, manager, context);

            if (!JsonNode.DeepEquals(next["metadata"]!["managedFields"], expected["metadata"]!["managedFields"]))
            {
                return false;
            }

            current = next;
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Compare_CreatedObject_AddsEveryPathBelowEachField(int seed)
    {
        var pod = RandomPod(new Random(seed));
        var rules = TypeRuleSet.For(Pod());

        var added = ObjectFieldSets.Compare([], pod, rules).Added;

        var expected = new FieldSet();
        foreach (var (name, value) in pod)
        {
            AllPaths(value, [FieldPath.Field(name)], [name], expected, rules);
        }

        return added.Members().Select(FieldPath.Describe).SequenceEqual(expected.Members().Select(FieldPath.Describe));
    }

    /// <summary>Every path at and below <paramref name="path"/>, one insertion each.</summary>
    private static void AllPaths(JsonNode? value, List<string> path, List<string> names, FieldSet set, TypeRuleSet rules)
    {
        set.Insert(path);
        switch (value)
        {
            case JsonObject obj when !rules.IsAtomicMap(names):
                foreach (var (name, child) in obj)
                {
                    AllPaths(child, [.. path, FieldPath.Field(name)], [.. names, name], set, rules);
                }

                break;
            case JsonArray array when rules.List(names) is { Type: not ListType.Atomic } rule:
                for (var i = 0; i < array.Count; i++)
                {
                    AllPaths(array[i] is JsonObject ? array[i] : null, [.. path, FieldPath.Item(rule, array[i], i)], names, set, rules);
                }

                break;
        }
    }
}
