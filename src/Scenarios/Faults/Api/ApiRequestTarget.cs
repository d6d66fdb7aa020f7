using Harness.EnvTest.Requests;

namespace Harness.Scenarios.Faults.Api;

/// <summary>What a REST request addresses, read from its path: <c>/api/v1/...</c> or <c>/apis/GROUP/VERSION/...</c>, optionally <c>namespaces/NS/</c>, then resource, name and subresource.</summary>
public sealed record ApiRequestTarget(string Method, string Group, string Resource, string? Name, bool IsWatch)
{
    public bool IsRead => Method == "GET";

    /// <summary>An update of a named object (PUT or PATCH): the requests an optimistic-concurrency conflict answers.</summary>
    public bool IsUpdate => Name is not null && Method is "PUT" or "PATCH";

    public static ApiRequestTarget Of(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = segments switch
        {
            ["api", _, .. var tail] => ("", tail),
            ["apis", var group, _, .. var tail] => (group, tail),
            _ => ("", Array.Empty<string>()),
        };
        var (apiGroup, path) = rest;
        var watchPath = path is ["watch", ..];
        if (watchPath)
        {
            path = path[1..];
        }

        if (path is ["namespaces", _, _, ..])
        {
            path = path[2..];
        }

        var watch = watchPath || (request.Query.TryGetValue("watch", out var value) && value is "true" or "1");
        return new ApiRequestTarget(request.Method, apiGroup, path.Length > 0 ? path[0] : "", path.Length > 1 ? path[1] : null, watch);
    }
}
