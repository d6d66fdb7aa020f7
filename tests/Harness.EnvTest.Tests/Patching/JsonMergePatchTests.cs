using Harness.EnvTest.Patching;
using static Harness.EnvTest.Tests.Patching.PatchContexts;

namespace Harness.EnvTest.Tests.Patching;

public sealed class JsonMergePatchTests
{
    private static readonly string Current = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1","b":"2"}},"data":{"x":"1","y":"2"}}""";

    [Fact]
    public void Apply_NestedObjects_MergesAndNullDeletes()
    {
        var result = Patch(PatchFormat.MergePatch, Obj(Current), """{"metadata":{"labels":{"a":null,"c":"3"}},"data":{"y":"two"}}""", ConfigMap());

        AssertJson("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"b":"2","c":"3"}},"data":{"x":"1","y":"two"}}""", WithoutManagedFields(result));
    }

    [Fact]
    public void Apply_ArrayValue_ReplacesWholeArrayAndDropsNullMembersOfNewObjects()
    {
        var result = Patch(PatchFormat.MergePatch, Obj("""{"metadata":{},"spec":{"list":[1,2,3]}}"""), """{"spec":{"list":[4],"obj":{"k":null,"v":1}}}""", Widget());

        AssertJson("""{"metadata":{},"spec":{"list":[4],"obj":{"v":1}}}""", WithoutManagedFields(result));
    }

    [Fact]
    public void Apply_CurrentObject_IsNotModified()
    {
        var current = Obj(Current);

        Patch(PatchFormat.MergePatch, current, """{"data":null}""", ConfigMap());

        AssertJson(Current, current);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    public void Apply_MalformedBody_Answers400InvalidJsonPatch(string body)
    {
        var error = Assert.Throws<PatchException>(() => Patch(PatchFormat.MergePatch, Obj(Current), body, ConfigMap()));

        Assert.Equal((400, "BadRequest", "Invalid JSON Patch"), (error.StatusCode, error.Reason, error.Message));
    }

    [Fact]
    public void Apply_ArrayBody_Answers422BecauseTheResultIsNoObject()
    {
        var error = Assert.Throws<PatchException>(() => Patch(PatchFormat.MergePatch, Obj(Current), "[1]", ConfigMap()));

        Assert.Equal(422, error.StatusCode);
        Assert.Equal("patch", Assert.Single(error.Causes).Field);
    }
}
