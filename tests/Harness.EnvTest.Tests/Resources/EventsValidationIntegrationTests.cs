using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Resources;

/// <summary>
/// Event validation as kube-apiserver's <c>ValidateEventCreate</c>/<c>ValidateEventUpdate</c> do it: strict through
/// events.k8s.io/v1, the legacy rules through core/v1; errors name the core fields.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EventsValidationIntegrationTests(ClusterFixture clusters)
{
    private static Corev1Event CoreEvent(string involvedNamespace) => new()
    {
        Metadata = new V1ObjectMeta { Name = "e1" },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", NamespaceProperty = involvedNamespace, Name = "web" },
        Reason = "Started",
    };

    private static async Task AssertNoEventsAsync(ClusterScope cluster) =>
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedEventAsync(cluster.Namespace)).Items);

    private static IEnumerable<(string Reason, string Field, string Message)> Causes(V1Status status) =>
        status.Details.Causes.Select(c => (c.Reason, c.Field, c.Message));

    [SkippableTheory, Backends]
    public async Task CreateEventsV1_WithoutEventTime_IsInvalidAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = SampleEvents.EventsV1("e1", cluster.Namespace);
        ev.EventTime = null;

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.EventsV1.CreateNamespacedEventAsync(ev, cluster.Namespace));

        Assert.Equal(("Invalid", "Event \"e1\" is invalid: eventTime: Required value"), (status.Reason, status.Message));
        Assert.Equal(("Event", string.Empty), (status.Details.Kind, status.Details.Group ?? string.Empty));
        Assert.Equal([("FieldValueRequired", "eventTime", "Required value")], Causes(status));
        await AssertNoEventsAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task CreateEventsV1_MissingReportingFieldsWithDeprecatedOnes_ListsEveryRuleInKubesOrder(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = SampleEvents.EventsV1("e1", cluster.Namespace);
        ev.ReportingController = null;
        ev.ReportingInstance = null;
        ev.Action = null;
        ev.Note = new string('n', 1025);
        ev.Type = "Info";
        ev.DeprecatedCount = 3;
        ev.DeprecatedSource = new V1EventSource { Component = "kubelet" };

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.EventsV1.CreateNamespacedEventAsync(ev, cluster.Namespace));

        Assert.Equal(
            [
                ("FieldValueRequired", "reportingController", "Required value"),
                ("FieldValueInvalid", "reportingController", "Invalid value: \"\": name part must be non-empty"),
                ("FieldValueInvalid", "reportingController", "Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
                ("FieldValueRequired", "reportingInstance", "Required value"),
                ("FieldValueRequired", "action", "Required value"),
                ("FieldValueInvalid", "message", "Invalid value: \"\": can have at most 1024 characters"),
                ("FieldValueInvalid", "type", "Invalid value: \"\": has invalid value: Info"),
                ("FieldValueInvalid", "count", "Invalid value: \"\": needs to be unset"),
                ("FieldValueInvalid", "source", "Invalid value: \"\": needs to be unset"),
            ],
            Causes(status));
        await AssertNoEventsAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task CreateEventsV1_SeriesOfOneWithoutLastObservedTime_IsInvalid(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = JsonNode.Parse(KubernetesJson.Serialize(SampleEvents.EventsV1("e1", cluster.Namespace)))!;
        ev["series"] = new JsonObject { ["count"] = 1 };

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/apis/events.k8s.io/v1/namespaces/{cluster.Namespace}/events", ev.ToJsonString());
        var status = KubernetesJson.Deserialize<V1Status>(body);

        Assert.Equal(422, code);
        Assert.Equal(
            "Event \"e1\" is invalid: [series.count: Invalid value: \"\": should be at least 2, series.lastObservedTime: Required value]",
            status.Message);
        await AssertNoEventsAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task CreateEventsV1_RegardingWithoutNamespaceOutsideDefault_DoesNotMatchTheEventNamespace(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var unset = SampleEvents.EventsV1("e1", cluster.Namespace);
        unset.Regarding.NamespaceProperty = null;
        var elsewhere = SampleEvents.EventsV1("e2", cluster.Namespace);
        elsewhere.Regarding.NamespaceProperty = "other";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.EventsV1.CreateNamespacedEventAsync(unset, cluster.Namespace));
        await cluster.Client.EventsV1.CreateNamespacedEventAsync(elsewhere, cluster.Namespace);

        Assert.Equal("Event \"e1\" is invalid: involvedObject.namespace: Invalid value: \"\": does not match event.namespace", status.Message);
        Assert.Equal(["e2"], (await cluster.Client.CoreV1.ListNamespacedEventAsync(cluster.Namespace)).Items.Select(e => e.Metadata.Name));
    }

    [SkippableTheory, Backends]
    public async Task CreateCoreV1_LegacyEventWithCountAndCustomType_IsStored(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = CoreEvent(cluster.Namespace);
        ev.Type = "Info";
        ev.Count = 4;
        ev.Source = new V1EventSource { Component = "kubelet" };

        var created = await cluster.Client.CoreV1.CreateNamespacedEventAsync(ev, cluster.Namespace);

        Assert.Equal(("Info", 4), (created.Type, created.Count!.Value));
    }

    [SkippableTheory, Backends]
    public async Task CreateCoreV1_InvolvedObjectInAnotherNamespace_IsInvalid(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = CoreEvent("other");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.CreateNamespacedEventAsync(ev, cluster.Namespace));

        Assert.Equal("Event \"e1\" is invalid: involvedObject.namespace: Invalid value: \"other\": does not match event.namespace", status.Message);
        await AssertNoEventsAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task CreateCoreV1_EventTimeWithoutReportingFields_NamesTheCoreReportingComponentField(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = CoreEvent(cluster.Namespace);
        ev.EventTime = SampleEvents.EventTime;
        ev.ReportingInstance = "node-1";
        ev.Action = "Start";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.CreateNamespacedEventAsync(ev, cluster.Namespace));

        Assert.Equal(["reportingComponent", "reportingComponent", "reportingComponent"], status.Details.Causes.Select(c => c.Field));
        await AssertNoEventsAsync(cluster);
    }

    [SkippableTheory, Backends]
    public async Task ReplaceEventsV1_ChangingRegardingAndNote_IsInvalidAsTheyAreImmutable(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("e1", cluster.Namespace), cluster.Namespace);
        created.Note = "changed";
        created.Regarding.Name = "other";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.EventsV1.ReplaceNamespacedEventAsync(created, "e1", cluster.Namespace));

        Assert.Equal(
            [
                ("FieldValueInvalid", "involvedObject", $"Invalid value: core.ObjectReference{{Kind:\"VirtualMachineSnapshot\", Namespace:\"{cluster.Namespace}\", Name:\"other\", UID:\"\", APIVersion:\"snapshot.kubevirt.io/v1beta1\", ResourceVersion:\"\", FieldPath:\"\"}}: field is immutable"),
                ("FieldValueInvalid", "message", "Invalid value: \"changed\": field is immutable"),
            ],
            Causes(status));
        Assert.Equal($"Successfully created snapshot {cluster.Namespace}/snap-larry", (await cluster.Client.EventsV1.ReadNamespacedEventAsync("e1", cluster.Namespace)).Note);
    }

    [SkippableTheory, Backends]
    public async Task ReplaceEventsV1_DroppingRelated_PrintsTheNilReferenceAsTheString(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ev = SampleEvents.EventsV1("e1", cluster.Namespace);
        ev.Related = new V1ObjectReference { Kind = "Pod", Name = "web" };
        var created = await cluster.Client.EventsV1.CreateNamespacedEventAsync(ev, cluster.Namespace);
        created.Related = null;

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.EventsV1.ReplaceNamespacedEventAsync(created, "e1", cluster.Namespace));

        Assert.Equal("Event \"e1\" is invalid: related: Invalid value: \"null\": field is immutable", status.Message);
    }

    [SkippableTheory, Backends]
    public async Task ReplaceEventsV1_NewSeries_IsAccepted(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("e1", cluster.Namespace), cluster.Namespace);
        created.Series = new Eventsv1EventSeries { Count = 2, LastObservedTime = SampleEvents.EventTime.AddMinutes(1) };

        var replaced = await cluster.Client.EventsV1.ReplaceNamespacedEventAsync(created, "e1", cluster.Namespace);

        Assert.Equal(2, replaced.Series.Count);
    }

    /// <summary>
    /// kube's BeforeCreate/BeforeUpdate name the first kind its scheme registered for the internal Event type, the core
    /// one (events.k8s.io registers the same type after it), so the 422 has no group even through events.k8s.io/v1.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task WriteEventsV1_Invalid_NamesTheCoreKindWithoutGroup(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var invalid = SampleEvents.EventsV1("e2", cluster.Namespace);
        invalid.Type = "Odd";
        await cluster.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("e1", cluster.Namespace), cluster.Namespace);
        var changed = await cluster.Client.EventsV1.ReadNamespacedEventAsync("e1", cluster.Namespace);
        changed.Action = "Changed";

        var onCreate = await cluster.SendAsync(HttpMethod.Post, $"/apis/events.k8s.io/v1/namespaces/{cluster.Namespace}/events", KubernetesJson.Serialize(invalid));
        var onUpdate = await cluster.SendAsync(HttpMethod.Put, $"/apis/events.k8s.io/v1/namespaces/{cluster.Namespace}/events/e1", KubernetesJson.Serialize(changed));

        foreach (var ((code, body), name) in new[] { (onCreate, "e2"), (onUpdate, "e1") })
        {
            Assert.Equal(422, code);
            var status = JsonNode.Parse(body)!;
            Assert.StartsWith($"Event \"{name}\" is invalid: ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(("Event", name), (status["details"]!["kind"]!.GetValue<string>(), status["details"]!["name"]!.GetValue<string>()));
            Assert.False(status["details"]!.AsObject().ContainsKey("group"), body);
        }

        Assert.Equal(["e1"], (await cluster.Client.EventsV1.ListNamespacedEventAsync(cluster.Namespace)).Items.Select(e => e.Metadata.Name));
        Assert.Equal("Snapshot", (await cluster.Client.EventsV1.ReadNamespacedEventAsync("e1", cluster.Namespace)).Action);
    }
}
