namespace Harness.EnvTest.Routing;

/// <summary>Parses Kubernetes REST paths (<c>/api/v1/...</c>, <c>/apis/{group}/{version}/...</c>, discovery, health).</summary>
internal static class RouteParser
{
    public static Route Parse(string path, Func<string, string, bool> isAggregated)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return new Route(RouteKind.Root);
        }

        switch (segments[0])
        {
            case "version" when segments.Length == 1:
                return new Route(RouteKind.Version);
            case "healthz" or "livez" or "readyz":
                return new Route(RouteKind.Health);
            case "openapi":
                return new Route(RouteKind.OpenApi);
            case "api":
                if (segments.Length == 1)
                {
                    return new Route(RouteKind.CoreVersions);
                }

                if (segments.Length == 2)
                {
                    return new Route(RouteKind.ResourceList, string.Empty, segments[1]);
                }

                return ParseResource(string.Empty, segments[1], segments.AsSpan(2));
            case "apis":
                if (segments.Length == 1)
                {
                    return new Route(RouteKind.GroupList);
                }

                if (segments.Length == 2)
                {
                    return new Route(RouteKind.Group, segments[1]);
                }

                if (isAggregated(segments[1], segments[2]))
                {
                    return new Route(RouteKind.Aggregated, segments[1], segments[2]);
                }

                if (segments.Length == 3)
                {
                    return new Route(RouteKind.ResourceList, segments[1], segments[2]);
                }

                return ParseResource(segments[1], segments[2], segments.AsSpan(3));
            default:
                return new Route(RouteKind.Unknown);
        }
    }

    private static Route ParseResource(string group, string version, ReadOnlySpan<string> rest)
    {
        var watch = false;
        if (rest[0] == "watch")
        {
            watch = true;
            rest = rest[1..];
            if (rest.Length == 0)
            {
                return new Route(RouteKind.Unknown);
            }
        }

        var ns = string.Empty;
        var namespaceSubresource = group.Length == 0 && rest.Length == 3 && rest[2] is "status" or "finalize";
        if (rest[0] == "namespaces" && rest.Length >= 3 && !namespaceSubresource)
        {
            ns = rest[1];
            rest = rest[2..];
        }

        return rest.Length switch
        {
            1 => new Route(RouteKind.Resource, group, version, rest[0], ns, null, null, watch),
            2 => new Route(RouteKind.Resource, group, version, rest[0], ns, rest[1], null, watch),
            3 => new Route(RouteKind.Resource, group, version, rest[0], ns, rest[1], rest[2], watch),
            _ => new Route(RouteKind.Unknown),
        };
    }
}
