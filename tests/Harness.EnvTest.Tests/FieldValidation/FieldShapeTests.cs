using System.Reflection;
using System.Text.Json.Nodes;
using Harness.EnvTest.FieldValidation;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// <see cref="FieldShape"/> against KubernetesClient's own serializer: an object of a served kind with every field set, at
/// every depth, has no unknown field, and a field next to each known one is found with its full path.
/// </summary>
public sealed class FieldShapeTests
{
    public static TheoryData<Type> ServedModels() =>
    [
        typeof(V1Namespace), typeof(V1PersistentVolumeClaim), typeof(V1PersistentVolume), typeof(V1Pod), typeof(Corev1Event), typeof(Eventsv1Event),
        typeof(V1ConfigMap), typeof(V1Secret), typeof(V1StorageClass), typeof(V1CustomResourceDefinition), typeof(V1ControllerRevision), typeof(V1Lease),
        typeof(V1ValidatingWebhookConfiguration), typeof(V1MutatingWebhookConfiguration), typeof(V1APIService),
    ];

    [Theory]
    [MemberData(nameof(ServedModels))]
    public void Prune_EveryFieldSetBySerializer_FindsNothingAndKeepsEverything(Type model)
    {
        var json = KubernetesJson.Serialize(Populate(model, []));
        var obj = JsonNode.Parse(json)!.AsObject();

        Assert.Empty(BuiltInFieldPruner.Prune(obj, FieldShape.Of(model), UnknownFieldOrder.Document));
        Assert.Empty(StrictFieldScanner.Find(System.Text.Encoding.UTF8.GetBytes(json), FieldShape.Of(model)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), obj));
    }

    [Theory]
    [MemberData(nameof(ServedModels))]
    public void FirstError_EveryFieldSetBySerializer_FindsNoWrongType(Type model)
    {
        var obj = JsonNode.Parse(KubernetesJson.Serialize(Populate(model, [])))!.AsObject();

        Assert.Null(BuiltInTypeChecker.FirstError(obj, FieldShape.Of(model), UnknownFieldOrder.Document));
    }

    [Fact]
    public void GoType_OfModels_IsTheNameGoPrints()
    {
        Assert.True(FieldShape.Of(typeof(V1Pod)).TryGetField("spec", out var spec));
        Assert.True(spec.TryGetField("containers", out var containers));
        Assert.True(containers.Element!.TryGetField("resources", out var resources));
        Assert.True(resources.TryGetField("limits", out var limits));
        Assert.True(FieldShape.Of(typeof(V1ConfigMap)).TryGetField("binaryData", out var binaryData));

        Assert.Equal(
            [("v1.PodSpec", "PodSpec"), ("[]v1.Container", string.Empty), ("v1.ResourceList", string.Empty), ("map[string][]uint8", string.Empty), ("v1.Event", "Event")],
            new[] { spec, containers, limits, binaryData, FieldShape.Of(typeof(Eventsv1Event)) }.Select(s => (s.GoType, s.StructName)));
    }

    [Theory]
    [MemberData(nameof(ServedModels))]
    public void Prune_UnknownFieldBesideEveryStructField_FindsEachWithItsPath(Type model)
    {
        var obj = JsonNode.Parse(KubernetesJson.Serialize(Populate(model, [])))!.AsObject();
        var expected = new List<string>();
        AddUnknownFields(obj, FieldShape.Of(model), string.Empty, expected);

        var found = BuiltInFieldPruner.Prune(obj, FieldShape.Of(model), UnknownFieldOrder.Document);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Empty(BuiltInFieldPruner.Prune(obj, FieldShape.Of(model), UnknownFieldOrder.Document));
    }

    /// <summary>Adds <c>zzUnknown</c> to every object the shape reads as a struct, outside schema-or-list values, and records its path.</summary>
    private static void AddUnknownFields(JsonNode? node, FieldShape shape, string path, List<string> paths)
    {
        switch (shape.Kind)
        {
            case FieldShapeKind.Struct when node is JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    Assert.True(shape.TryGetField(key, out var field), $"{path}.{key} is not known");
                    AddUnknownFields(value, field, path.Length == 0 ? key : $"{path}.{key}", paths);
                }

                obj["zzUnknown"] = 1;
                paths.Add(path.Length == 0 ? "zzUnknown" : $"{path}.zzUnknown");
                break;
            case FieldShapeKind.Map when node is JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    AddUnknownFields(value, shape.Element!, $"{path}.{key}", paths);
                }

                break;
            case FieldShapeKind.List when node is JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    AddUnknownFields(array[i], shape.Element!, $"{path}[{i}]", paths);
                }

                break;
        }
    }

    /// <summary>An instance with every property set: one item per list, one key per map, each model once per path (JSONSchemaProps nests itself).</summary>
    private static object? Populate(Type type, HashSet<Type> path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "x";
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(double))
        {
            return Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(DateTime))
        {
            return new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        }

        if (type == typeof(byte[]))
        {
            return new byte[] { 1, 2 };
        }

        if (type == typeof(IntOrString))
        {
            return (IntOrString)"80";
        }

        if (type == typeof(ResourceQuantity))
        {
            return new ResourceQuantity("1");
        }

        if (type == typeof(object))
        {
            return new Dictionary<string, object>();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
        {
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()))!;
            list.Add(Populate(type.GetGenericArguments()[0], path));
            return list;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        {
            var map = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(type.GetGenericArguments()))!;
            map.Add("k", Populate(type.GetGenericArguments()[1], path));
            return map;
        }

        if (!path.Add(type))
        {
            return null;
        }

        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            property.SetValue(instance, Populate(property.PropertyType, path));
        }

        path.Remove(type);
        return instance;
    }
}
