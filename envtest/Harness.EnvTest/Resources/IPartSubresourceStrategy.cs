using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>kube's strategy for a subresource that reads the whole object and writes one part of it (a pod's <c>ephemeralcontainers</c>).</summary>
internal interface IPartSubresourceStrategy
{
    /// <summary>The object stored: <paramref name="old"/> with the part taken from <paramref name="obj"/>, the rest of <paramref name="obj"/> dropped.</summary>
    JsonObject PrepareForUpdate(JsonObject obj, JsonObject old);

    /// <summary>Validation of the prepared object; adds to <paramref name="errors"/>.</summary>
    void ValidateUpdate(JsonObject obj, JsonObject old, List<FieldError> errors);
}
