namespace Harness.Scenarios.Cluster.Components;

/// <summary>The names components go by in the event log, the fault plans and the timeline.</summary>
public static class ComponentNames
{
    public const string ApiServer = "api-server";
    public const string KubeVirt = "kubevirt";
    public const string StorageSidecars = "csi-sidecars";
    public const string Controller = "controller";

    /// <summary>The components that speak to the API server through clients of their own (and so meet its faults).</summary>
    public static IReadOnlyList<string> ApiClients { get; } = [KubeVirt, StorageSidecars, Controller];

    public static string CsiDriver(string driverName) => $"csi-driver/{driverName}";

    /// <summary>The product a component's client names in its requests' <c>User-Agent</c> (<c>harness-controller</c>, say).</summary>
    public static string UserAgent(string component) => $"harness-{component}";

    public static string Guest(string namespaceName, string name) => $"guest/{namespaceName}/{name}";
}
