using System.Text.Json;
using Harness.Api.KubeVirt;
using Harness.Api.Quantities;
using k8s;

namespace Harness.Api.Tests.Quantities;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("\"2Gi\"")]
    [InlineData("\"2048Mi\"")]
    [InlineData("\"1.5Gi\"")]
    [InlineData("\"0.5\"")]
    [InlineData("\"500m\"")]
    [InlineData("1073741824")]
    [InlineData("0.5")]
    [InlineData("1.5e9")]
    [InlineData("2")]
    public void A_quantity_is_written_as_it_was_read(string json)
    {
        var quantity = KubernetesJson.Deserialize<Quantity>(json);

        Assert.Equal(json, KubernetesJson.Serialize(quantity));
    }

    [Theory]
    [InlineData("\"2048Mi\"", 2147483648)]
    [InlineData("1073741824", 1073741824)]
    [InlineData("1.5e9", 1500000000)]
    [InlineData("\"1k\"", 1000)]
    public void Its_value_is_the_number_it_names(string json, long bytes)
    {
        var quantity = KubernetesJson.Deserialize<Quantity>(json);

        Assert.Equal(bytes, quantity.Value.ToInt64());
    }

    [Fact]
    public void A_number_and_the_same_text_as_a_string_are_different_quantities()
    {
        Assert.NotEqual(Quantity.Number(2), new Quantity("2"));
        Assert.Equal("2", KubernetesJson.Serialize(Quantity.Number(2)));
        Assert.Equal("\"2\"", KubernetesJson.Serialize(new Quantity("2")));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void Anything_but_a_string_or_a_number_is_not_a_quantity(string json)
    {
        Assert.Throws<JsonException>(() => KubernetesJson.Deserialize<DomainMemory>($$"""{"guest": {{json}}}"""));
    }

    [Fact]
    public void Numeric_requests_of_a_domain_keep_their_form()
    {
        const string json = """{"requests":{"cpu":0.5,"memory":1073741824},"limits":{"cpu":"2","memory":"1Gi"}}""";

        var resources = KubernetesJson.Deserialize<ResourceRequirements>(json);

        Assert.True(resources.Requests!["memory"].IsNumber);
        Assert.False(resources.Limits!["memory"].IsNumber);
        Assert.Equal(resources.Requests["memory"].Value.ToInt64(), resources.Limits["memory"].Value.ToInt64());
        Assert.Equal(json, KubernetesJson.Serialize(resources));
    }
}
