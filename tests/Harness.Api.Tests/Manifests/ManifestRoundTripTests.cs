using k8s;

namespace Harness.Api.Tests.Manifests;

/// <summary>Every model reads and writes real-world manifests without losing or changing a field.</summary>
public sealed class ManifestRoundTripTests
{
    [Theory]
    [MemberData(nameof(Fixture.Names), MemberType = typeof(Fixture))]
    public void Writing_what_was_read_gives_the_manifest_back(string name)
    {
        var fixture = Fixture.Named(name);

        var written = KubernetesJson.Serialize(fixture.Read());

        Assert.Equal(NormalForm.Of(fixture.Json), NormalForm.Of(written));
    }

    [Theory]
    [MemberData(nameof(Fixture.Names), MemberType = typeof(Fixture))]
    public void A_model_changed_after_reading_keeps_the_fields_it_does_not_name(string name)
    {
        var fixture = Fixture.Named(name);
        var model = fixture.Read();

        model.Metadata.Labels ??= new Dictionary<string, string>();
        model.Metadata.Labels["harness.test/touched"] = "true";
        var written = KubernetesJson.Serialize(model);

        var expected = System.Text.Json.Nodes.JsonNode.Parse(fixture.Json)!;
        expected["metadata"]!["labels"] ??= new System.Text.Json.Nodes.JsonObject();
        expected["metadata"]!["labels"]!["harness.test/touched"] = "true";
        Assert.Equal(NormalForm.Of(expected.ToJsonString()), NormalForm.Of(written));
    }

    [Fact]
    public void The_manifests_set_every_field_the_models_name()
    {
        var coverage = new ModelCoverage();
        foreach (var fixture in Fixture.All)
        {
            coverage.Visit(fixture.Read());
        }

        Assert.Empty(coverage.NeverSet());
    }
}
