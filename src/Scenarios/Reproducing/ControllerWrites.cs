using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Reproducing;

/// <summary>The API server as the controller reaches it: each write it makes (POST, PUT, PATCH, DELETE) is recorded in the event log with the answer.</summary>
internal sealed class ControllerWrites(IApiHandler server, DomainEventLog events) : IApiHandler
{
    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var response = await server.HandleAsync(request, cancellationToken);
        if (request.Method is "POST" or "PUT" or "PATCH" or "DELETE")
        {
            events.Record(ComponentNames.Controller, DomainEventKind.ObjectWritten, $"{request.Method} {request.Path}", Answer(response));
        }

        return response;
    }

    private static string Answer(ApiResponse response)
    {
        if (response.StatusCode < 400 || response is not BufferedApiResponse buffered)
        {
            return response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        try
        {
            return $"{response.StatusCode} {JsonNode.Parse(buffered.Body.Span)?["message"]?.GetValue<string>()}";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return $"{response.StatusCode} {System.Text.Encoding.UTF8.GetString(buffered.Body.Span)}";
        }
    }
}
