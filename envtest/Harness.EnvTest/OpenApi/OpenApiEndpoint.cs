using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Requests;

namespace Harness.EnvTest.OpenApi;

/// <summary>
/// Answers <c>GET /openapi/v2</c>, <c>/openapi/v3</c> and <c>/openapi/v3/{group version}</c> from
/// <see cref="OpenApiDocuments"/>. Only JSON is served: a request that accepts only protobuf (as
/// client-go's first <c>/openapi/v2</c> request does) gets 406 Not Acceptable, so the client falls
/// back instead of failing on a body it cannot parse.
/// </summary>
public static class OpenApiEndpoint
{
    /// <summary>The path prefix this endpoint serves.</summary>
    public const string PathPrefix = "/openapi";

    /// <summary>Whether <paramref name="path"/> is an OpenAPI path.</summary>
    public static bool Handles(string path)
        => path == PathPrefix || path.StartsWith(PathPrefix + "/", StringComparison.Ordinal);

    /// <summary>Answers one OpenAPI request.</summary>
    public static ApiResponse Handle(ApiRequest request, OpenApiDocuments documents)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(documents);
        if (request.Method is not ("GET" or "HEAD"))
        {
            return Status(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource");
        }

        var path = request.Path.TrimEnd('/');
        if (path is "/openapi/v2" or "/openapi/v3" || path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            if (!AcceptsJson(request.Accept))
            {
                return Status(406, "NotAcceptable", "only the following media types are accepted: application/json");
            }
        }

        if (path == "/openapi/v2")
        {
            return Json(documents.V2Json);
        }

        if (path == "/openapi/v3")
        {
            return Json(documents.V3IndexJson);
        }

        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal) && documents.TryGetV3Json(path["/openapi/v3/".Length..], out var document))
        {
            return Json(document);
        }

        return Status(404, "NotFound", "the server could not find the requested resource");
    }

    private static bool AcceptsJson(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return true;
        }

        foreach (var entry in accept.Split(','))
        {
            var mediaType = entry.Split(';')[0].Trim();
            if (mediaType is "application/json" or "*/*" or "application/*")
            {
                return true;
            }
        }

        return false;
    }

    private static BufferedApiResponse Json(ReadOnlyMemory<byte> body) => new(200, "application/json", body);

    private static BufferedApiResponse Status(int code, string reason, string message)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        return new BufferedApiResponse(code, "application/json", Encoding.UTF8.GetBytes(status.ToJsonString()));
    }
}
