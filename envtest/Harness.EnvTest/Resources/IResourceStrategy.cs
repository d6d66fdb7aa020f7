using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>Type-specific rules of a built-in resource, as kube's registry strategies hold them.</summary>
internal interface IResourceStrategy
{
    /// <summary>
    /// Sets server-owned fields of a new object (e.g. a namespace's phase and finalizer), after the field manager recorded
    /// the create and admission's webhooks saw it.
    /// </summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>
    /// The API version's defaults, which kube's decoder sets on every written object before the field manager sees it (the
    /// writer owns them), in place.
    /// </summary>
    void Default(JsonObject obj)
    {
    }

    /// <summary>What the mutating admission plugins kube enables by default set on a create, before the webhooks see it, in place.</summary>
    void AdmitCreate(JsonObject obj)
    {
    }

    /// <summary>What kube's strategy sets on an update of the main resource, after the field manager recorded it, in place.</summary>
    void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
    }

    /// <summary>What kube's decoder does to a written object beyond reading its fields (converting it to the internal type), in place.</summary>
    void Decode(JsonObject obj)
    {
    }

    /// <summary>Type-specific validation; adds to <paramref name="errors"/>.</summary>
    void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors);

    /// <summary>
    /// What a <c>/status</c> write keeps beyond the status (<paramref name="merged"/> holds <paramref name="old"/> with the
    /// <paramref name="requested"/> status), in place: nothing unless the kind's status strategy lets more through.
    /// </summary>
    void PrepareForStatusUpdate(JsonObject merged, JsonObject requested, JsonObject old)
    {
    }

    /// <summary>
    /// Server-owned fields holding the time of a create (<paramref name="old"/> null, after <see cref="PrepareForCreate"/>) or of a
    /// <c>/status</c> write (after <see cref="PrepareForStatusUpdate"/>), <paramref name="now"/> in RFC 3339: none unless the kind has some.
    /// </summary>
    void StampTime(JsonObject obj, JsonObject? old, string now)
    {
    }

    /// <summary>Validation of a <c>/status</c> write; <see cref="Validate"/> unless the kind's status strategy validates otherwise.</summary>
    void ValidateStatusUpdate(JsonObject obj, JsonObject old, List<FieldError> errors) => Validate(obj, old, errors);

    /// <summary>Subresources beside <c>/status</c> that read the whole object and write one part of it (GET, PUT and PATCH), by name.</summary>
    IReadOnlyDictionary<string, IPartSubresourceStrategy> PartSubresources => ImmutableDictionary<string, IPartSubresourceStrategy>.Empty;
}
