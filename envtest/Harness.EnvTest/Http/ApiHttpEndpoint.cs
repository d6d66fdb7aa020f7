using Harness.EnvTest.Requests;
using Harness.EnvTest.Security;
using Microsoft.AspNetCore.Http;

namespace Harness.EnvTest.Http;

/// <summary>
/// The one request delegate of the HTTPS front: authenticate, map, hand to the core, write back. Without a token it
/// serves behind a front proxy: the caller is the <c>X-Remote-User</c> the proxy sends (anonymous without one).
/// </summary>
internal sealed class ApiHttpEndpoint(IApiHandler handler, BearerToken? token, string user, CancellationToken serverStopping)
{
    private const string RemoteUserHeader = "X-Remote-User";
    private const string AnonymousUser = "system:anonymous";

    public async Task HandleAsync(HttpContext context)
    {
        if (token is not null && !token.Matches(context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null))
        {
            ApiResponseWriter.WriteBuffered(context.Response, StatusCodes.Status401Unauthorized, HttpApiConstants.JsonContentType, HttpApiConstants.UnauthorizedBody);
            return;
        }

        var caller = token is not null ? user : context.Request.Headers[RemoteUserHeader] is [{ Length: > 0 } remote] ? remote : AnonymousUser;
        var request = await ApiRequestReader.ReadAsync(context, caller);
        if (request is null)
        {
            ApiResponseWriter.WriteBuffered(context.Response, StatusCodes.Status413RequestEntityTooLarge, HttpApiConstants.JsonContentType, HttpApiConstants.RequestEntityTooLargeBody);
            return;
        }

        var response = await handler.HandleAsync(request, context.RequestAborted);
        await ApiResponseWriter.WriteAsync(context, response, serverStopping);
    }
}
