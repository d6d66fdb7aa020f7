using System.Text.Json.Nodes;
using Harness.EnvTest.Patching;
using static Harness.EnvTest.Tests.Patching.PatchContexts;

namespace Harness.EnvTest.Tests.Patching;

public sealed class JsonPatchTests
{
    private const string Current = """{"metadata":{"name":"w","annotations":{"a/b":"1","t~x":"2"}},"spec":{"items":["a","b","c"],"n":1}}""";

    private static JsonObject Run(string patch) => WithoutManagedFields(Patch(PatchFormat.JsonPatch, Obj(Current), patch, Widget()));

    [Fact]
    public void Apply_AllOperations_AppliedInOrder()
    {
        var result = Run("""
            [
              {"op":"test","path":"/spec/n","value":1},
              {"op":"add","path":"/spec/items/1","value":"x"},
              {"op":"add","path":"/spec/items/-","value":"z"},
              {"op":"remove","path":"/spec/items/0"},
              {"op":"replace","path":"/spec/n","value":2},
              {"op":"copy","from":"/spec/n","path":"/spec/m"},
              {"op":"move","from":"/metadata/annotations/a~1b","path":"/metadata/annotations/moved"},
              {"op":"replace","path":"/metadata/annotations/t~0x","value":"3"}
            ]
            """);

        AssertJson("""{"metadata":{"name":"w","annotations":{"t~x":"3","moved":"1"}},"spec":{"items":["x","b","c","z"],"n":2,"m":2}}""", result);
    }

    [Fact]
    public void Apply_ReplaceOfAbsentMember_AddsItAsKubeApiserverDoes()
    {
        AssertJson("""{"metadata":{"name":"w","annotations":{"a/b":"1","t~x":"2"}},"spec":{"items":["a","b","c"],"n":1,"new":true}}""",
            Run("""[{"op":"replace","path":"/spec/new","value":true}]"""));
    }

    [Fact]
    public void Apply_NegativeIndex_CountsFromTheEnd()
    {
        AssertJson("""["a","b"]""", Run("""[{"op":"remove","path":"/spec/items/-1"}]""")["spec"]!["items"]);
    }

    [Fact]
    public void Apply_FailingTest_Answers422WithoutTheLibraryError()
    {
        var error = Assert.Throws<PatchException>(() => Run("""[{"op":"replace","path":"/spec/n","value":5},{"op":"test","path":"/spec/n","value":1}]"""));

        Assert.Equal((422, "Invalid"), (error.StatusCode, error.Reason));
        Assert.Equal("the server rejected our request due to an error in our request", error.Message);
        Assert.Empty(error.Causes);
        Assert.Equal("testing value /spec/n failed: test failed", error.LibraryError);
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/spec/absent"}]""", "error in remove for path: '/spec/absent': Unable to remove nonexistent key: absent: missing value")]
    [InlineData("""[{"op":"add","path":"/nope/x","value":1}]""", "add operation does not apply: doc is missing path: \"/nope/x\": missing value")]
    [InlineData("""[{"op":"add","path":"/spec/items/9","value":1}]""", "error in add for path: '/spec/items/9': Unable to access invalid index: 9: invalid index referenced")]
    [InlineData("""[{"op":"replace","path":"/spec/items/7","value":1}]""", "replace operation does not apply: doc is missing key: /spec/items/7: missing value")]
    [InlineData("""[{"op":"jump","path":"/spec"}]""", "Unexpected kind: jump")]
    [InlineData("""[{"op":"test","path":"/spec/absent","value":1}]""", "testing value /spec/absent failed: test failed")]
    public void Apply_OperationThatDoesNotApply_Answers422WithKubeMessage(string patch, string message)
    {
        var error = Assert.Throws<PatchException>(() => Run(patch));

        Assert.Equal(422, error.StatusCode);
        Assert.Equal(message, error.LibraryError);
    }

    [Fact]
    public void Apply_TestOfAbsentMemberAgainstNull_Passes()
    {
        Run("""[{"op":"test","path":"/spec/absent","value":null}]""");
    }

    [Theory]
    [InlineData("""{"op":"add"}""", "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    [InlineData("""["add"]""", "json: cannot unmarshal string into Go value of type jsonpatch.Operation")]
    public void Apply_BodyNotAListOfOperations_Answers400(string patch, string message)
    {
        var error = Assert.Throws<PatchException>(() => Run(patch));

        Assert.Equal((400, "BadRequest", message), (error.StatusCode, error.Reason, error.Message));
    }

    [Fact]
    public void Apply_FailureAfterEarlierOperations_LeavesCurrentUntouched()
    {
        var current = Obj(Current);

        Assert.Throws<PatchException>(() => Patch(PatchFormat.JsonPatch, current, """[{"op":"remove","path":"/spec"},{"op":"remove","path":"/spec"}]""", Widget()));

        AssertJson(Current, current);
    }
}
