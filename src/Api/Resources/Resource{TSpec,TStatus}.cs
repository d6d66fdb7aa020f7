using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Resources;

/// <summary>A top-level object with a <c>spec</c> (what is wanted) and a <c>status</c> (what is observed, written by its controller).</summary>
public abstract class Resource<TSpec, TStatus> : Resource, ISpec<TSpec>, IStatus<TStatus?>
    where TSpec : ApiObject, new()
    where TStatus : ApiObject
{
    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TStatus? Status { get; set; }
}
