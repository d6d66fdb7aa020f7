using Harness.EnvTest.Patching;
using static Harness.EnvTest.Tests.Patching.PatchContexts;

namespace Harness.EnvTest.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["a","b"],"ownerReferences":[{"uid":"u1","name":"o1"}]},
         "spec":{"containers":[
            {"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80}]},
            {"name":"side","image":"side:1"}],
          "volumes":[{"name":"data","emptyDir":{}}],
          "tolerations":[{"key":"k1"}]}}
        """;

    private static System.Text.Json.Nodes.JsonObject Run(string patch) =>
        WithoutManagedFields(PatchContexts.Patch(PatchFormat.StrategicMergePatch, Obj(Pod), patch, Pod()));

    [Fact]
    public void Apply_ContainersByName_MergesMatchingItemAndKeepsOthers()
    {
        var result = Run("""{"spec":{"containers":[{"name":"app","image":"app:2","env":[{"name":"B","value":"two"},{"name":"C","value":"3"}]}]}}""");

        AssertJson("""
            [{"name":"app","image":"app:2","env":[{"name":"A","value":"1"},{"name":"B","value":"two"},{"name":"C","value":"3"}],"ports":[{"containerPort":80}]},
             {"name":"side","image":"side:1"}]
            """, result["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_NewContainerWithoutElementOrder_ComesFirstAndWithoutNullsAsInApimachinery()
    {
        var result = Run("""{"spec":{"containers":[{"name":"new","image":"n:1","command":null}]}}""");

        AssertJson("""{"name":"new","image":"n:1"}""", result["spec"]!["containers"]![0]);
    }

    [Fact]
    public void Apply_ListWithoutStrategy_IsReplaced()
    {
        var result = Run("""{"spec":{"tolerations":[{"key":"k2"}]}}""");

        AssertJson("""[{"key":"k2"}]""", result["spec"]!["tolerations"]);
    }

    [Fact]
    public void Apply_DeleteDirectiveInList_RemovesItemByMergeKey()
    {
        var result = Run("""{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}""");

        Assert.Single(result["spec"]!["containers"]!.AsArray());
    }

    [Fact]
    public void Apply_ReplaceDirectiveInList_ReplacesWholeList()
    {
        var result = Run("""{"spec":{"containers":[{"name":"only","image":"o:1"},{"$patch":"replace"}]}}""");

        AssertJson("""[{"name":"only","image":"o:1"}]""", result["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_ReplaceDirectiveInMap_ReplacesTheMap()
    {
        var result = Run("""{"spec":{"$patch":"replace","containers":[{"name":"x","image":"x:1"}]}}""");

        AssertJson("""{"containers":[{"name":"x","image":"x:1"}]}""", result["spec"]);
    }

    [Fact]
    public void Apply_Finalizers_AreUnionedAndDeletedFromPrimitiveList()
    {
        var result = Run("""{"metadata":{"finalizers":["c","a"],"$deleteFromPrimitiveList/finalizers":["b"]}}""");

        AssertJson("""["c","a"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_OwnerReferencesByUid_MergeAndDelete()
    {
        var result = Run("""{"metadata":{"ownerReferences":[{"uid":"u2","name":"o2"},{"uid":"u1","$patch":"delete"}]}}""");

        AssertJson("""[{"uid":"u2","name":"o2"}]""", result["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public void Apply_SetElementOrder_OrdersTheMergedList()
    {
        var result = Run("""{"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"app"}],"containers":[{"name":"side","image":"side:2"}]}}""");

        AssertJson("""["side","app"]""", new System.Text.Json.Nodes.JsonArray([.. result["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.DeepClone())]));
        Assert.Equal("side:2", (string?)result["spec"]!["containers"]![0]!["image"]);
        Assert.DoesNotContain(result["spec"]!.AsObject(), p => p.Key.StartsWith('$'));
    }

    [Fact]
    public void Apply_RetainKeys_ClearsKeysNotListed()
    {
        var result = Run("""{"spec":{"volumes":[{"name":"data","$retainKeys":["name","hostPath"],"hostPath":{"path":"/x"}}]}}""");

        AssertJson("""[{"name":"data","hostPath":{"path":"/x"}}]""", result["spec"]!["volumes"]);
    }

    [Fact]
    public void Apply_RetainKeysMissingAPatchedKey_Answers400()
    {
        var error = Assert.Throws<PatchException>(() => Run("""{"spec":{"volumes":[{"name":"data","$retainKeys":["name"],"hostPath":{"path":"/x"}}]}}"""));

        Assert.Equal((400, "invalid patch format of retainKeys"), (error.StatusCode, error.Message));
    }

    [Fact]
    public void Apply_NullValue_DeletesField()
    {
        var result = Run("""{"spec":{"volumes":null}}""");

        Assert.False(result["spec"]!.AsObject().ContainsKey("volumes"));
    }

    [Fact]
    public void Apply_CustomResource_Answers415WithAcceptedTypes()
    {
        var error = Assert.Throws<PatchException>(() => PatchContexts.Patch(PatchFormat.StrategicMergePatch, Obj("{}"), "{}", Widget()));

        Assert.Equal((415, "UnsupportedMediaType"), (error.StatusCode, error.Reason));
        Assert.Equal(
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            error.Message);
    }

    [Fact]
    public void Apply_BodyNotAnObject_Answers400()
    {
        var error = Assert.Throws<PatchException>(() => Run("[]"));

        Assert.Equal(400, error.StatusCode);
    }
}
