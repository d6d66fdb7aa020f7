using Harness.Api.Snapshots;
using Harness.Controller.Admission;

namespace Harness.Controller.Tests.Admission;

/// <summary>The VirtualMachineSnapshot rules (behaviour reference §4.1) through KubernetesClient, on each way the admission is reached.</summary>
public abstract class SnapshotAdmissionTests<TFixture>(TFixture fixture)
    where TFixture : AdmissionFixture
{
    private const string Webhook = SnapshotWebhooks.SnapshotWebhookName;
    private const string Plural = SnapshotApi.SnapshotPlural;

    [SkippableFact]
    public async Task Create_SeedSnapshotOfAVmThatDoesNotExist_IsStored()
    {
        var world = await WorldAsync();

        await world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap-larry", "larry", version: SnapshotApi.V1Alpha1));

        Assert.Equal("larry", (await world.GetAsync(Plural, "snap-larry"))["spec"]!["source"]!["name"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Create_FeatureGateOff_Answers400AndStoresNothing()
    {
        var world = await WorldAsync();
        await fixture.SetFeatureGatesAsync("HotplugVolumes");
        try
        {
            await AdmissionAssert.DeniedAsync(400, Webhook, "snapshot feature gate not enabled", () => world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry")));
        }
        finally
        {
            await fixture.SetFeatureGatesAsync(SnapshotApi.FeatureGate);
        }

        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "snap");
    }

    [SkippableFact]
    public async Task Create_SourceWithoutApiGroup_IsFieldValueNotFound()
    {
        var world = await WorldAsync();

        await AdmissionAssert.InvalidAsync(
            Webhook,
            () => world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry", apiGroup: null)),
            ("FieldValueNotFound", "spec.source.apiGroup", "missing apiGroup"));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "snap");
    }

    [SkippableFact]
    public async Task Create_SourceOfAnotherApiGroup_IsInvalidApiGroup()
    {
        var world = await WorldAsync();

        await AdmissionAssert.InvalidAsync(
            Webhook,
            () => world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry", apiGroup: "apps", kind: "Deployment")),
            ("FieldValueInvalid", "spec.source.apiGroup", "invalid apiGroup"));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "snap");
    }

    [SkippableFact]
    public async Task Create_SourceOfAnotherKind_IsInvalidKind()
    {
        var world = await WorldAsync();

        await AdmissionAssert.InvalidAsync(
            Webhook,
            () => world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry", kind: "VirtualMachineInstance")),
            ("FieldValueInvalid", "spec.source.kind", "invalid kind"));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "snap");
    }

    [SkippableTheory]
    [InlineData("5x", "time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("five minutes", "time: invalid duration \"five minutes\"")]
    public async Task Create_FailureDeadlineGoCannotParse_Answers400WithGosError(string deadline, string message)
    {
        var world = await WorldAsync();

        await AdmissionAssert.DeniedAsync(400, Webhook, message, () => world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry", failureDeadline: deadline)));
        await AdmissionAssert.NotStoredAsync(fixture.Client, world.Namespace, Plural, "snap");
    }

    [SkippableFact]
    public async Task Create_FailureDeadlineZero_IsStored()
    {
        var world = await WorldAsync();

        await world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry", failureDeadline: "0s"));

        Assert.Equal("0s", (await world.GetAsync(Plural, "snap"))["spec"]!["failureDeadline"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Update_SpecChanged_IsImmutableAndKeepsTheStoredSpec()
    {
        var world = await WorldAsync();
        await world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry", failureDeadline: "5m"));
        var stored = await world.GetAsync(Plural, "snap");
        stored["spec"]!["failureDeadline"] = "1m";

        await AdmissionAssert.InvalidAsync(Webhook, () => world.ReplaceAsync(Plural, stored), ("FieldValueInvalid", "spec", "spec in immutable after creation"));

        Assert.Equal("5m", (await world.GetAsync(Plural, "snap"))["spec"]!["failureDeadline"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Update_SameDeadlineWrittenOtherwiseAndNewLabels_IsAdmitted()
    {
        var world = await WorldAsync();
        await world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry", failureDeadline: "5m"));
        var stored = await world.GetAsync(Plural, "snap");
        stored["spec"]!["failureDeadline"] = "300s";
        stored["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["team"] = "storage" };

        await world.ReplaceAsync(Plural, stored);

        var updated = await world.GetAsync(Plural, "snap");
        Assert.Equal(("300s", "storage"), (updated["spec"]!["failureDeadline"]!.GetValue<string>(), updated["metadata"]!["labels"]!["team"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task Update_FeatureGateOff_IsStillReviewedOnlyForTheSpec()
    {
        var world = await WorldAsync();
        await world.CreateAsync(Plural, SnapshotWorld.Snapshot("snap", "larry"));
        var stored = await world.GetAsync(Plural, "snap");
        stored["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["kept"] = "yes" };
        await fixture.SetFeatureGatesAsync();
        try
        {
            await world.ReplaceAsync(Plural, stored);
        }
        finally
        {
            await fixture.SetFeatureGatesAsync(SnapshotApi.FeatureGate);
        }

        Assert.Equal("yes", (await world.GetAsync(Plural, "snap"))["metadata"]!["labels"]!["kept"]!.GetValue<string>());
    }

    private async Task<SnapshotWorld> WorldAsync()
    {
        fixture.SkipIfUnavailable();
        return new SnapshotWorld(fixture.Client, await fixture.NewNamespaceAsync());
    }
}
