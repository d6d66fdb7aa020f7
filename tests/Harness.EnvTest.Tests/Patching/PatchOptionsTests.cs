using Harness.EnvTest.Patching;
using static Harness.EnvTest.Tests.Patching.PatchContexts;

namespace Harness.EnvTest.Tests.Patching;

public sealed class PatchOptionsTests
{
    [Fact]
    public void ValidateOptions_ApplyWithoutFieldManager_Answers422()
    {
        var error = Assert.Throws<PatchException>(() => PatchApplier.ValidateOptions(PatchFormat.ApplyPatch, ConfigMap()));

        Assert.Equal((422, "Invalid"), (error.StatusCode, error.Reason));
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", error.Message);
        Assert.Equal(("FieldValueRequired", "fieldManager"), (error.Causes[0].Reason, error.Causes[0].Field));
    }

    [Fact]
    public void ValidateOptions_ForceOnMergePatch_Answers422Forbidden()
    {
        var error = Assert.Throws<PatchException>(() => PatchApplier.ValidateOptions(PatchFormat.MergePatch, ConfigMap(force: false)));

        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch", error.Message);
    }

    [Fact]
    public void ValidateOptions_FieldManagerTooLong_Answers422()
    {
        var error = Assert.Throws<PatchException>(() => PatchApplier.ValidateOptions(PatchFormat.MergePatch, ConfigMap(new string('m', 129))));

        Assert.Equal("FieldValueTooLong", Assert.Single(error.Causes).Reason);
    }

    [Theory]
    [InlineData("application/merge-patch+json; charset=utf-8", true, PatchFormat.MergePatch)]
    [InlineData("application/json-patch+json", false, PatchFormat.JsonPatch)]
    [InlineData("application/strategic-merge-patch+json", true, PatchFormat.StrategicMergePatch)]
    [InlineData("application/apply-patch+yaml", false, PatchFormat.ApplyPatch)]
    public void ParseContentType_AcceptedType_ReturnsFormat(string contentType, bool builtIn, PatchFormat expected)
    {
        Assert.Equal(expected, PatchApplier.ParseContentType(contentType, builtIn));
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/strategic-merge-patch+json", false)]
    public void ParseContentType_OtherType_Answers415(string contentType, bool builtIn)
    {
        var error = Assert.Throws<PatchException>(() => PatchApplier.ParseContentType(contentType, builtIn));

        Assert.Equal(415, error.StatusCode);
    }

    [Theory]
    [InlineData(null, "kubectl/v1.32.0 (linux/amd64) kubernetes/abc", "kubectl")]
    [InlineData("mine", "kubectl/v1.32.0", "mine")]
    [InlineData(null, null, "")]
    public void Resolve_FieldManagerOrUserAgentPrefix_NamesTheManager(string? fieldManager, string? userAgent, string expected)
    {
        Assert.Equal(expected, FieldManagerName.Resolve(fieldManager, userAgent));
    }
}
