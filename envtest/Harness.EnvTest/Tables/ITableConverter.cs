using System.Text.Json.Nodes;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Tables;

/// <summary>
/// Turns the objects of a get or list into a <c>meta.k8s.io/v1</c> Table (what <c>kubectl get</c> asks for).
/// The server calls its one converter for every Table request; the result's <c>metadata</c> is filled by the server.
/// </summary>
internal interface ITableConverter
{
    /// <summary>Builds <c>columnDefinitions</c> and <c>rows</c> for <paramref name="objects"/> (served-version JSON).</summary>
    JsonObject Convert(ResourceDefinition resource, IReadOnlyList<JsonObject> objects, TableIncludeObject includeObject);
}
