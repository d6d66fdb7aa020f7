using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using Harness.Controller.Admission;

namespace Harness.Controller.Tests.Admission;

/// <summary>The VirtualMachineRestore rules (behaviour reference §4.2) through KubernetesClient, on each way the admission is reached.</summary>
public abstract class RestoreAdmissionTests<TFixture>(TFixture fixture)
    where TFixture : AdmissionFixture
{
    private const string Webhook = SnapshotWebhooks.RestoreWebhookName;
    private const string Plural = SnapshotApi.RestorePlural;
    private const string Invalid = "FieldValueInvalid";
    private const string Required = "FieldValueRequired";
    private const string BackendStorageMessage = "Restore to a different VM is not supported when snapshotted VM has backend storage (persistent TPM or EFI)";

    [SkippableFact]
    public async Task Create_SeedRestoreBeforeItsSnapshot_IsStored()
    {
        var world = await WorldAsync();

        await world.CreateAsync(Plural, SnapshotWorld.Restore("restore-larry", "larry", "snap-larry", version: SnapshotApi.V1Alpha1));

        Assert.Equal("snap-larry", (await world.GetAsync(Plural, "restore-larry"))["spec"]!["virtualMachineSnapshotName"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Create_FeatureGateOff_Answers400AndStoresNothing()
    {
        var world = await WorldAsync();
        await fixture.SetFeatureGatesAsync();
        try
        {
            await AdmissionAssert.DeniedAsync(400, Webhook, "Snapshot/Restore feature gate not enabled", () => world.CreateAsync(Plural, SnapshotWorld.Restore("r", "larry", "snap")));
        }
        finally
        {
            await fixture.SetFeatureGatesAsync(SnapshotApi.FeatureGate);
        }

        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "r");
    }

    [SkippableTheory]
    [InlineData(null, "VirtualMachine", "FieldValueNotFound", "spec.target.apiGroup", "missing apiGroup")]
    [InlineData("apps", "VirtualMachine", Invalid, "spec.target.apiGroup", "invalid apiGroup")]
    [InlineData("kubevirt.io", "VirtualMachineInstance", Invalid, "spec.target.kind", "invalid kind")]
    public async Task Create_TargetNotAKubeVirtVm_IsRefused(string? apiGroup, string kind, string type, string field, string message)
    {
        var world = await WorldAsync();

        await AdmissionAssert.InvalidAsync(Webhook, () => world.CreateAsync(Plural, SnapshotWorld.Restore("r", "larry", "snap", apiGroup: apiGroup, kind: kind)), (type, field, message));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "r");
    }

    [SkippableFact]
    public async Task Create_PatchesOutsideSpecLabelsAnnotations_AreRefusedWhenTheSnapshotExists()
    {
        var world = await WorldAsync();
        await world.CreateSnapshotWithContentAsync("snap", "larry", "uid-of-larry", persistentTpm: false);
        var patches = Patches(
            """{"op": "replace", "path": "/metadata/name", "value": "new-vm"}""",
            """{"op": "add", "path": "/metadata/labels/team", "value": "storage"}""",
            """{"op": "replace", "path": "/spec/runStrategy", "value": "Always"}""");

        await AdmissionAssert.InvalidAsync(
            Webhook,
            () => world.CreateAsync(Plural, SnapshotWorld.Restore("r", "new-vm", "snap", patches)),
            (Invalid, "spec.patches", "patching is valid only for elements under /spec/ only:  \"path\": \"/metadata/name\""));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "r");
    }

    [SkippableFact]
    public async Task Create_PatchValueWithAColon_IsMalformed()
    {
        var world = await WorldAsync();
        await world.CreateSnapshotWithContentAsync("snap", "larry", "uid-of-larry", persistentTpm: false);
        var patches = Patches("""{"op": "replace", "path": "/spec/template/spec/domain/devices/interfaces/0/macAddress", "value": "00:11:22:33:44:55"}""");

        await AdmissionAssert.InvalidAsync(
            Webhook,
            () => world.CreateAsync(Plural, SnapshotWorld.Restore("r", "new-vm", "snap", patches)),
            (Invalid, "spec.patches", "patch format is not valid - one \":\" expected in a single key-value json patch:  \"value\": \"00:11:22:33:44:55\""));
    }

    [SkippableFact]
    public async Task Create_BadPatchesBeforeTheSnapshotExists_AreAdmitted()
    {
        var world = await WorldAsync();

        await world.CreateAsync(Plural, SnapshotWorld.Restore("r", "new-vm", "snap", Patches("""{"op": "replace", "path": "/kind", "value": "Pod"}""")));

        Assert.NotNull(await world.GetAsync(Plural, "r"));
    }

    [SkippableFact]
    public async Task Create_BackendStorageSnapshotIntoAnotherVm_IsRefused()
    {
        var world = await WorldAsync();
        await world.CreateSnapshotWithContentAsync("snap", "larry", "uid-of-larry", persistentTpm: true);

        await AdmissionAssert.InvalidAsync(Webhook, () => world.CreateAsync(Plural, SnapshotWorld.Restore("r", "larry-copy", "snap")), (Invalid, "spec", BackendStorageMessage));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "r");
    }

    [SkippableFact]
    public async Task Create_BackendStorageSnapshotIntoItsOwnVm_IsAdmitted()
    {
        var world = await WorldAsync();
        var uid = await world.CreateVirtualMachineAsync("larry", persistentTpm: true);
        await world.CreateSnapshotWithContentAsync("snap", "larry", uid, persistentTpm: true);

        await world.CreateAsync(Plural, SnapshotWorld.Restore("r", "larry", "snap"));

        Assert.NotNull(await world.GetAsync(Plural, "r"));
    }

    [SkippableFact]
    public async Task Create_IntoAnotherVmWhileTheSnapshotNamesNoContent_Answers400()
    {
        var world = await WorldAsync();
        await world.CreateSnapshotWithContentAsync("snap", "larry", "uid-of-larry", persistentTpm: false, withContentName: false);

        await AdmissionAssert.DeniedAsync(400, Webhook, "snapshot content name is nil in vmSnapshot status", () => world.CreateAsync(Plural, SnapshotWorld.Restore("r", "larry-copy", "snap")));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "r");
    }

    [SkippableFact]
    public async Task Create_OverridesWithoutVolumeNameOrAnyField_AreRequiredFields()
    {
        var world = await WorldAsync();
        var overrides = new JsonObject
        {
            ["volumeRestoreOverrides"] = new JsonArray(new JsonObject { ["volumeName"] = "", ["restoreName"] = "new-disk" }, new JsonObject { ["volumeName"] = "disk0" }),
        };

        await AdmissionAssert.InvalidAsync(
            Webhook,
            () => world.CreateAsync(Plural, SnapshotWorld.Restore("r", "larry", "snap", overrides)),
            (Required, "spec.volumeRestoreOverrides[0].volumeName", "must provide a volume name"),
            (Required, "spec.volumeRestoreOverrides[1]", "must provide at least one overriden field"));
    }

    [SkippableTheory]
    [InlineData("InPlace")]
    [InlineData("RandomizeNames")]
    [InlineData("PrefixTargetName")]
    public async Task Create_KnownVolumeRestorePolicy_IsAdmitted(string policy)
    {
        var world = await WorldAsync();

        await world.CreateAsync(Plural, SnapshotWorld.Restore("r", "larry", "snap", new JsonObject { ["volumeRestorePolicy"] = policy }));

        Assert.Equal(policy, (await world.GetAsync(Plural, "r"))["spec"]!["volumeRestorePolicy"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Create_UnknownPolicies_AreRefusedTogetherWithARestoreInProgress()
    {
        var world = await WorldAsync();
        await world.CreateAsync(Plural, SnapshotWorld.Restore("first", "larry", "snap"));
        var policies = new JsonObject { ["volumeRestorePolicy"] = "Sideways", ["volumeOwnershipPolicy"] = "Nobody" };

        await AdmissionAssert.InvalidAsync(
            Webhook,
            () => world.CreateAsync(Plural, SnapshotWorld.Restore("second", "larry", "snap", policies)),
            (Invalid, "spec.volumeRestorePolicy", "volume restore policy \"Sideways\" doesn't exist"),
            (Invalid, "spec.volumeOwnershipPolicy", "volume ownership policy \"Nobody\" doesn't exist"),
            (Invalid, "spec.target", "VirtualMachineRestore \"first\" in progress"));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "second");
    }

    [SkippableFact]
    public async Task Create_SameTargetAfterTheOtherRestoreCompleted_IsAdmittedButNotWhileItFailed()
    {
        var world = await WorldAsync();
        await world.CreateAsync(Plural, SnapshotWorld.Restore("first", "larry", "snap"));
        await world.SetStatusAsync(Plural, "first", new JsonObject { ["complete"] = false });

        await AdmissionAssert.InvalidAsync(
            Webhook, () => world.CreateAsync(Plural, SnapshotWorld.Restore("second", "larry", "snap")), (Invalid, "spec.target", "VirtualMachineRestore \"first\" in progress"));
        await world.SetStatusAsync(Plural, "first", new JsonObject { ["complete"] = true });
        await world.CreateAsync(Plural, SnapshotWorld.Restore("second", "larry", "snap"));
        await world.CreateAsync(Plural, SnapshotWorld.Restore("other-target", "moe", "snap"));
    }

    [SkippableFact]
    public async Task Update_SpecChanged_IsImmutable()
    {
        var world = await WorldAsync();
        await world.CreateAsync(Plural, SnapshotWorld.Restore("r", "larry", "snap"));
        var stored = await world.GetAsync(Plural, "r");
        stored["spec"]!["virtualMachineSnapshotName"] = "other-snap";

        await AdmissionAssert.InvalidAsync(Webhook, () => world.ReplaceAsync(Plural, stored), (Invalid, "spec", "spec in immutable after creation"));

        Assert.Equal("snap", (await world.GetAsync(Plural, "r"))["spec"]!["virtualMachineSnapshotName"]!.GetValue<string>());
    }

    private static JsonObject Patches(params string[] patches) => new() { ["patches"] = new JsonArray([.. patches.Select(patch => (JsonNode)patch)]) };

    private async Task<SnapshotWorld> WorldAsync()
    {
        fixture.SkipIfUnavailable();
        return new SnapshotWorld(fixture.Client, await fixture.NewNamespaceAsync());
    }
}
