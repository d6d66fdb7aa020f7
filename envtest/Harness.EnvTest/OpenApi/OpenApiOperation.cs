namespace Harness.EnvTest.OpenApi;

/// <summary>One REST operation of a resource path, before it is rendered as Swagger 2.0 or OpenAPI 3.0.</summary>
internal sealed record OpenApiOperation(
    string Method,
    string Action,
    string OperationId,
    string Description,
    OpenApiBody Body,
    string ResponseDefinition,
    IReadOnlyList<string> QueryParameters);

/// <summary>What an operation takes as request body.</summary>
internal enum OpenApiBody
{
    None,
    Object,
    Patch,
    DeleteOptions,
}
