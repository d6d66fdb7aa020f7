using System.Globalization;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Quantities;

/// <summary>
/// A Kubernetes resource quantity (<c>2Gi</c>, <c>500m</c>, <c>1073741824</c>) exactly as it was written: a JSON string,
/// or a JSON number, which the API server stores unchanged in a custom resource's <c>x-kubernetes-int-or-string</c>
/// field. It is written back as it was read: KubernetesClient's <see cref="ResourceQuantity"/> writes its canonical form
/// (<c>2048Mi</c> as <c>2Gi</c>, <c>0.5</c> as <c>500m</c>, a number as a string), which would change a VM captured into
/// a snapshot and restored from it. <see cref="Value"/> parses it for arithmetic.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public sealed record Quantity
{
    /// <summary>A quantity written as a JSON string.</summary>
    public Quantity(string text)
        : this(text, isNumber: false)
    {
    }

    private Quantity(string text, bool isNumber)
    {
        ArgumentNullException.ThrowIfNull(text);
        (Text, IsNumber) = (text, isNumber);
    }

    /// <summary>The quantity as written, without quotes when it is a JSON number.</summary>
    public string Text { get; }

    /// <summary>Whether it is written as a JSON number rather than a string.</summary>
    public bool IsNumber { get; }

    /// <summary>The quantity's value, parsed (for arithmetic and comparison; its <c>ToString</c> is the canonical form).</summary>
    public ResourceQuantity Value => new(Text);

    /// <summary>A quantity written as a JSON number.</summary>
    public static Quantity Number(long value) => new(value.ToString(CultureInfo.InvariantCulture), isNumber: true);

    /// <summary>A quantity written as a JSON number, <paramref name="json"/> being that number's JSON text.</summary>
    internal static Quantity FromJsonNumber(string json) => new(json, isNumber: true);

    /// <summary>A computed quantity, written as its canonical string (as the API server writes the ones it computes).</summary>
    public static Quantity Of(ResourceQuantity value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Quantity(value.ToString());
    }

    public static implicit operator Quantity(string text) => new(text);

    public override string ToString() => Text;
}
