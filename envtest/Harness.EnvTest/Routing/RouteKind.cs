namespace Harness.EnvTest.Routing;

/// <summary>What a request path addresses.</summary>
internal enum RouteKind
{
    Root,
    Version,
    Health,
    CoreVersions,
    GroupList,
    Group,
    ResourceList,
    Resource,
    Aggregated,
    OpenApi,
    Unknown,
}
