using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Resources;

/// <summary>
/// Event validation as kube-apiserver's <c>ValidateEventCreate</c>/<c>ValidateEventUpdate</c> do it: strict through
/// events.k8s.io/v1, the legacy rules through core/v1; errors name the core fields.
/// </summary>
public sealed class EventsValidationIntegrationTests
{
    private static Corev1Event CoreEvent(string involvedNamespace) => new()
    {
        Metadata = new V1ObjectMeta { Name = "e1" },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", NamespaceProperty = involvedNamespace, Name = "web" },
        Reason = "Started",
    };

    private static async Task AssertNoEventsAsync(InProcessServer env, string ns = "default") =>
        Assert.Empty((await env.Client.CoreV1.ListNamespacedEventAsync(ns)).Items);

    private static IEnumerable<(string Reason, string Field, string Message)> Causes(V1Status status) =>
        status.Details.Causes.Select(c => (c.Reason, c.Field, c.Message));

    [Fact]
    public async Task CreateEventsV1_WithoutEventTime_IsInvalidAndStoresNothing()
    {
        await using var env = new InProcessServer();
        var ev = SampleEvents.EventsV1("e1");
        ev.EventTime = null;

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.EventsV1.CreateNamespacedEventAsync(ev, "default"));

        Assert.Equal(("Invalid", "Event \"e1\" is invalid: eventTime: Required value"), (status.Reason, status.Message));
        Assert.Equal(("Event", string.Empty), (status.Details.Kind, status.Details.Group ?? string.Empty));
        Assert.Equal([("FieldValueRequired", "eventTime", "Required value")], Causes(status));
        await AssertNoEventsAsync(env);
    }

    [Fact]
    public async Task CreateEventsV1_MissingReportingFieldsWithDeprecatedOnes_ListsEveryRuleInKubesOrder()
    {
        await using var env = new InProcessServer();
        var ev = SampleEvents.EventsV1("e1");
        ev.ReportingController = null;
        ev.ReportingInstance = null;
        ev.Action = null;
        ev.Note = new string('n', 1025);
        ev.Type = "Info";
        ev.DeprecatedCount = 3;
        ev.DeprecatedSource = new V1EventSource { Component = "kubelet" };

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.EventsV1.CreateNamespacedEventAsync(ev, "default"));

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
        await AssertNoEventsAsync(env);
    }

    [Fact]
    public async Task CreateEventsV1_SeriesOfOneWithoutLastObservedTime_IsInvalid()
    {
        await using var env = new InProcessServer();
        var ev = JsonNode.Parse(KubernetesJson.Serialize(SampleEvents.EventsV1("e1")))!;
        ev["series"] = new JsonObject { ["count"] = 1 };

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", "/apis/events.k8s.io/v1/namespaces/default/events", ev.ToJsonString());
        var status = KubernetesJson.Deserialize<V1Status>(body);

        Assert.Equal(422, code);
        Assert.Equal(
            "Event \"e1\" is invalid: [series.count: Invalid value: \"\": should be at least 2, series.lastObservedTime: Required value]",
            status.Message);
        await AssertNoEventsAsync(env);
    }

    [Fact]
    public async Task CreateEventsV1_RegardingWithoutNamespaceOutsideDefault_DoesNotMatchTheEventNamespace()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        var unset = SampleEvents.EventsV1("e1");
        unset.Regarding.NamespaceProperty = null;
        var elsewhere = SampleEvents.EventsV1("e2");
        elsewhere.Regarding.NamespaceProperty = "other";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.EventsV1.CreateNamespacedEventAsync(unset, "team"));
        await env.Client.EventsV1.CreateNamespacedEventAsync(elsewhere, "team");

        Assert.Equal("Event \"e1\" is invalid: involvedObject.namespace: Invalid value: \"\": does not match event.namespace", status.Message);
        Assert.Equal(["e2"], (await env.Client.CoreV1.ListNamespacedEventAsync("team")).Items.Select(e => e.Metadata.Name));
    }

    [Fact]
    public async Task CreateCoreV1_LegacyEventWithCountAndCustomType_IsStored()
    {
        await using var env = new InProcessServer();
        var ev = CoreEvent("default");
        ev.Type = "Info";
        ev.Count = 4;
        ev.Source = new V1EventSource { Component = "kubelet" };

        var created = await env.Client.CoreV1.CreateNamespacedEventAsync(ev, "default");

        Assert.Equal(("Info", 4), (created.Type, created.Count!.Value));
    }

    [Fact]
    public async Task CreateCoreV1_InvolvedObjectInAnotherNamespace_IsInvalid()
    {
        await using var env = new InProcessServer();
        var ev = CoreEvent("other");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.CreateNamespacedEventAsync(ev, "default"));

        Assert.Equal("Event \"e1\" is invalid: involvedObject.namespace: Invalid value: \"other\": does not match event.namespace", status.Message);
        await AssertNoEventsAsync(env);
    }

    [Fact]
    public async Task CreateCoreV1_EventTimeWithoutReportingFields_NamesTheCoreReportingComponentField()
    {
        await using var env = new InProcessServer();
        var ev = CoreEvent("default");
        ev.EventTime = SampleEvents.EventTime;
        ev.ReportingInstance = "node-1";
        ev.Action = "Start";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.CreateNamespacedEventAsync(ev, "default"));

        Assert.Equal(["reportingComponent", "reportingComponent", "reportingComponent"], status.Details.Causes.Select(c => c.Field));
        await AssertNoEventsAsync(env);
    }

    [Fact]
    public async Task ReplaceEventsV1_ChangingRegardingAndNote_IsInvalidAsTheyAreImmutable()
    {
        await using var env = new InProcessServer();
        var created = await env.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("e1"), "default");
        created.Note = "changed";
        created.Regarding.Name = "other";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.EventsV1.ReplaceNamespacedEventAsync(created, "e1", "default"));

        Assert.Equal(
            [
                ("FieldValueInvalid", "involvedObject", "Invalid value: core.ObjectReference{Kind:\"VirtualMachineSnapshot\", Namespace:\"default\", Name:\"other\", UID:\"\", APIVersion:\"snapshot.kubevirt.io/v1beta1\", ResourceVersion:\"\", FieldPath:\"\"}: field is immutable"),
                ("FieldValueInvalid", "message", "Invalid value: \"changed\": field is immutable"),
            ],
            Causes(status));
        Assert.Equal("Successfully created snapshot default/snap-larry", (await env.Client.EventsV1.ReadNamespacedEventAsync("e1", "default")).Note);
    }

    [Fact]
    public async Task ReplaceEventsV1_NewSeries_IsAccepted()
    {
        await using var env = new InProcessServer();
        var created = await env.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("e1"), "default");
        created.Series = new Eventsv1EventSeries { Count = 2, LastObservedTime = SampleEvents.EventTime.AddMinutes(1) };

        var replaced = await env.Client.EventsV1.ReplaceNamespacedEventAsync(created, "e1", "default");

        Assert.Equal(2, replaced.Series.Count);
    }

    /// <summary>
    /// kube's BeforeCreate/BeforeUpdate name the first kind its scheme registered for the internal Event type, the core
    /// one (events.k8s.io registers the same type after it), so the 422 has no group even through events.k8s.io/v1.
    /// </summary>
    [Fact]
    public async Task WriteEventsV1_Invalid_NamesTheCoreKindWithoutGroup()
    {
        await using var env = new InProcessServer();
        var invalid = SampleEvents.EventsV1("e2");
        invalid.Type = "Odd";
        await env.Client.EventsV1.CreateNamespacedEventAsync(SampleEvents.EventsV1("e1"), "default");
        var changed = await env.Client.EventsV1.ReadNamespacedEventAsync("e1", "default");
        changed.Action = "Changed";

        var onCreate = await RawRequests.SendAsync(env.Server, "POST", "/apis/events.k8s.io/v1/namespaces/default/events", KubernetesJson.Serialize(invalid));
        var onUpdate = await RawRequests.SendAsync(env.Server, "PUT", "/apis/events.k8s.io/v1/namespaces/default/events/e1", KubernetesJson.Serialize(changed));

        foreach (var ((code, _, body), name) in new[] { (onCreate, "e2"), (onUpdate, "e1") })
        {
            Assert.Equal(422, code);
            var status = JsonNode.Parse(body)!;
            Assert.StartsWith($"Event \"{name}\" is invalid: ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(("Event", name), (status["details"]!["kind"]!.GetValue<string>(), status["details"]!["name"]!.GetValue<string>()));
            Assert.False(status["details"]!.AsObject().ContainsKey("group"), body);
        }

        Assert.Equal(["e1"], (await env.Client.EventsV1.ListNamespacedEventAsync("default")).Items.Select(e => e.Metadata.Name));
        Assert.Equal("Snapshot", (await env.Client.EventsV1.ReadNamespacedEventAsync("e1", "default")).Action);
    }
}
