using System.Buffers;
using Harness.EnvTest.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Harness.EnvTest.Http;

/// <summary>Maps an <see cref="HttpContext"/> request onto an <see cref="ApiRequest"/>.</summary>
internal static class ApiRequestReader
{
    /// <summary>Reads the request; null when the body exceeds <see cref="HttpApiConstants.MaxRequestBodyBytes"/>.</summary>
    public static async ValueTask<ApiRequest?> ReadAsync(HttpContext context, string user)
    {
        var request = context.Request;
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        var body = canHaveBody ? await ReadBodyAsync(request, context.RequestAborted) : [];
        if (body is null)
        {
            return null;
        }

        return new ApiRequest
        {
            Method = request.Method,
            Path = request.Path.Value ?? "/",
            Query = ReadQuery(request.Query),
            ContentType = request.ContentType,
            Accept = request.Headers.Accept.Count == 0 ? null : request.Headers.Accept.ToString(),
            UserAgent = request.Headers.UserAgent.Count == 0 ? null : request.Headers.UserAgent.ToString(),
            Body = body,
            User = user,
        };
    }

    private static readonly IReadOnlyDictionary<string, string> NoQuery = new Dictionary<string, string>();

    private static IReadOnlyDictionary<string, string> ReadQuery(IQueryCollection query)
    {
        if (query.Count == 0)
        {
            return NoQuery;
        }

        var values = new Dictionary<string, string>(query.Count, StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            values[name] = value.Count == 0 ? string.Empty : value[0] ?? string.Empty;
        }

        return values;
    }

    private static async ValueTask<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > HttpApiConstants.MaxRequestBodyBytes)
        {
            return null;
        }

        if (request.ContentLength == 0)
        {
            return [];
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > HttpApiConstants.MaxRequestBodyBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
