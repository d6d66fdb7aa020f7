namespace Harness.EnvTest.Tables;

/// <summary>Which of kube-apiserver's printers a built-in resource has (those without one get Name and Created At).</summary>
internal static class BuiltInPrinters
{
    private static readonly Dictionary<(string Group, string Plural), TableConverter> Printers = new()
    {
        [(string.Empty, "persistentvolumeclaims")] = StoragePrinters.Claims,
        [(string.Empty, "persistentvolumes")] = StoragePrinters.Volumes,
        [("storage.k8s.io", "storageclasses")] = StoragePrinters.Classes,
        [(string.Empty, "pods")] = PodPrinter.Pods,
        [(string.Empty, "namespaces")] = CorePrinters.Namespaces,
        [(string.Empty, "configmaps")] = CorePrinters.ConfigMaps,
        [(string.Empty, "secrets")] = CorePrinters.Secrets,
        [(string.Empty, "events")] = CorePrinters.Events,
        [("events.k8s.io", "events")] = CorePrinters.Events,
        [("coordination.k8s.io", "leases")] = ClusterPrinters.Leases,
        [("apps", "controllerrevisions")] = ClusterPrinters.ControllerRevisions,
        [("admissionregistration.k8s.io", "validatingwebhookconfigurations")] = ClusterPrinters.WebhookConfigurations,
        [("admissionregistration.k8s.io", "mutatingwebhookconfigurations")] = ClusterPrinters.WebhookConfigurations,
    };

    public static TableConverter For(string group, string plural) => Printers.GetValueOrDefault((group, plural)) ?? TableConverter.Default;
}
