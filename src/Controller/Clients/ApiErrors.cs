using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Harness.Controller.Clients;

/// <summary>The API answers a controller tolerates, and the messages of those it reports.</summary>
internal static class ApiErrors
{
    public static bool IsNotFound(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };

    public static bool IsConflict(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict };

    /// <summary>The message of an error: a <c>Status</c> body's message when the API answered one.</summary>
    public static string Message(Exception e) =>
        e is HttpOperationException { Response.Content: { Length: > 0 } body } ? StatusMessage(body) : e.Message;

    /// <summary>The <c>message</c> of a <c>Status</c> body, or the body itself.</summary>
    public static string StatusMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>() ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
