namespace Harness.EnvTest.Routing;

/// <summary>
/// A parsed request path. For <see cref="RouteKind.Resource"/>: the group, version, resource (plural),
/// namespace (empty when none), name (null for collections), subresource and the legacy <c>/watch/</c> prefix.
/// </summary>
internal sealed record Route(
    RouteKind Kind,
    string Group = "",
    string Version = "",
    string Resource = "",
    string Namespace = "",
    string? Name = null,
    string? Subresource = null,
    bool WatchPrefix = false);
