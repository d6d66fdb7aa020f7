namespace Harness.Scenarios.Cluster.Components;

/// <summary>The names components go by in the event log, the fault plans and the timeline.</summary>
public static class ComponentNames
{
    public const string ApiServer = "api-server";
    public const string KubeVirt = "kubevirt";
    public const string StorageSidecars = "csi-sidecars";
    public const string Controller = "controller";

    public static string CsiDriver(string driverName) => $"csi-driver/{driverName}";

    public static string Guest(string namespaceName, string name) => $"guest/{namespaceName}/{name}";
}
