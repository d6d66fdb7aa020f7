using Harness.Api.Snapshots;
using Harness.Reconciling;
using k8s;
using k8s.Models;

namespace Harness.Controller.Admission;

/// <summary>
/// The two validating webhooks as virt-operator registers them: names, URL paths, and rules (CREATE and UPDATE of
/// the main resource in both served versions; status writes and DELETE are not reviewed).
/// </summary>
public static class SnapshotWebhooks
{
    public const string SnapshotWebhookName = "virtualmachinesnapshot-validator.snapshot.kubevirt.io";
    public const string SnapshotPath = "/virtualmachinesnapshots-validate";
    public const string RestoreWebhookName = "virtualmachinerestore-validator.snapshot.kubevirt.io";
    public const string RestorePath = "/virtualmachinerestores-validate";

    /// <summary>The name of the ValidatingWebhookConfiguration the controller process writes.</summary>
    public const string ConfigurationName = "harness-snapshot-validator";

    public static IReadOnlyList<ValidatingWebhookEndpoint> Endpoints(IKubernetes client) =>
    [
        new(SnapshotWebhookName, SnapshotPath, [Rule(SnapshotApi.SnapshotPlural)], new SnapshotAdmission(client)),
        new(RestoreWebhookName, RestorePath, [Rule(SnapshotApi.RestorePlural)], new RestoreAdmission(client)),
    ];

    private static V1RuleWithOperations Rule(string plural) => new()
    {
        Operations = ["CREATE", "UPDATE"],
        ApiGroups = [SnapshotApi.Group],
        ApiVersions = [SnapshotApi.V1Alpha1, SnapshotApi.V1Beta1],
        Resources = [plural],
        Scope = "Namespaced",
    };
}
