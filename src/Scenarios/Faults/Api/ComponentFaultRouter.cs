using Harness.Api.Clients;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Cluster.Components;

namespace Harness.Scenarios.Faults.Api;

/// <summary>
/// The API server's faults in a live run, in front of the embedded server: a request whose <c>User-Agent</c> names a
/// component (<see cref="ComponentNames.UserAgent"/>) meets that component's faults, as its in-process client does in a
/// simulated run; any other request (the scenario's own, kubectl's) passes untouched.
/// </summary>
public sealed class ComponentFaultRouter : IApiHandler
{
    private readonly IApiHandler server;
    private readonly Dictionary<string, FaultyApiHandler> byProduct;

    /// <param name="components">The components whose clients meet faults (<see cref="ComponentNames"/>).</param>
    /// <param name="aggregatedGroups">API groups the server proxies to an aggregated API.</param>
    public ComponentFaultRouter(IApiHandler server, ApiFaults faults, IEnumerable<string> components, TimeProvider time, IReadOnlySet<string> aggregatedGroups)
    {
        ArgumentNullException.ThrowIfNull(faults);
        this.server = server;
        byProduct = components.ToDictionary(
            ComponentNames.UserAgent, c => new FaultyApiHandler(server, faults.For(c), time, aggregatedGroups), StringComparer.Ordinal);
    }

    public ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return UserAgentHandler.ProductOf(request.UserAgent) is { } product && byProduct.TryGetValue(product, out var faulty)
            ? faulty.HandleAsync(request, cancellationToken)
            : server.HandleAsync(request, cancellationToken);
    }
}
