using Harness.EnvTest.Requests;
using Harness.EnvTest.Security;
using Microsoft.AspNetCore.Http;

namespace Harness.EnvTest.Http;

/// <summary>The one request delegate of the HTTPS front: authenticate, map, hand to the core, write back.</summary>
internal sealed class ApiHttpEndpoint(IApiHandler handler, BearerToken token, string user, CancellationToken serverStopping)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!token.Matches(context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null))
        {
            ApiResponseWriter.WriteBuffered(context.Response, StatusCodes.Status401Unauthorized, HttpApiConstants.JsonContentType, HttpApiConstants.UnauthorizedBody);
            return;
        }

        var request = await ApiRequestReader.ReadAsync(context, user);
        if (request is null)
        {
            ApiResponseWriter.WriteBuffered(context.Response, StatusCodes.Status413RequestEntityTooLarge, HttpApiConstants.JsonContentType, HttpApiConstants.RequestEntityTooLargeBody);
            return;
        }

        var response = await handler.HandleAsync(request, context.RequestAborted);
        await ApiResponseWriter.WriteAsync(context, response, serverStopping);
    }
}
