using System.Text.Json.Nodes;
using Harness.EnvTest.Admission;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Http;
using Harness.EnvTest.Serialization.GoStructs;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Http;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Serialization.GoStructs;

/// <summary>
/// The embedded table of Go struct layouts (<see cref="GoStructLayouts"/>) is what kube-apiserver 1.32.6 writes: every
/// built-in kind is sent with every field set (and with zero values, and with each depth's structs empty) to the real binary,
/// whose mutating webhook call shows the object as its encoder writes it, before validation (the webhook denies, nothing is
/// stored). kube calls no webhook for webhook configurations: those are read off the answer to a valid one's dry-run create
/// instead. Runs on the real binary only, which is the thing measured; on a difference it writes the fresh table beside the
/// test assembly for review.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GoStructLayoutTableTests(ClusterFixture clusters)
{
    private const string ProbeLabel = "harness-layout-probe";
    private const string RuntimeClass = "harness-layout-probe";

    private static readonly (string Group, string Version, string Resource, string Kind, Type Model, bool Namespaced)[] Kinds =
    [
        (string.Empty, "v1", "pods", "Pod", typeof(V1Pod), true),
        (string.Empty, "v1", "persistentvolumeclaims", "PersistentVolumeClaim", typeof(V1PersistentVolumeClaim), true),
        (string.Empty, "v1", "persistentvolumes", "PersistentVolume", typeof(V1PersistentVolume), false),
        (string.Empty, "v1", "configmaps", "ConfigMap", typeof(V1ConfigMap), true),
        (string.Empty, "v1", "secrets", "Secret", typeof(V1Secret), true),
        (string.Empty, "v1", "namespaces", "Namespace", typeof(V1Namespace), false),
        (string.Empty, "v1", "events", "Event", typeof(Corev1Event), true),
        ("events.k8s.io", "v1", "events", "Event", typeof(Eventsv1Event), true),
        ("storage.k8s.io", "v1", "storageclasses", "StorageClass", typeof(V1StorageClass), false),
        ("apps", "v1", "controllerrevisions", "ControllerRevision", typeof(V1ControllerRevision), true),
        ("coordination.k8s.io", "v1", "leases", "Lease", typeof(V1Lease), true),
        ("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", typeof(V1CustomResourceDefinition), false),
        ("apiregistration.k8s.io", "v1", "apiservices", "APIService", typeof(V1APIService), false),
    ];

    /// <summary>
    /// Webhook configurations with every field set (two webhooks: a service client, then a URL one, so that the order merged
    /// from both puts <c>url</c> first, as the Go struct does), valid, their fields out of Go's order. Their fields without
    /// <c>omitempty</c> are all required, so only the order is measured.
    /// </summary>
    private static readonly (string Resource, Type Model, string Body)[] AnsweredKinds =
    [
        ("validatingwebhookconfigurations", typeof(V1ValidatingWebhookConfiguration), WebhookConfiguration("ValidatingWebhookConfiguration", string.Empty)),
        ("mutatingwebhookconfigurations", typeof(V1MutatingWebhookConfiguration), WebhookConfiguration("MutatingWebhookConfiguration", "\"reinvocationPolicy\":\"IfNeeded\",")),
    ];

    [SkippableFact]
    public async Task Table_BinaryOnlyItMeasuresTheRealEncoder_IsWhatKubeApiserverWrites()
    {
        await using var cluster = await clusters.ScopeAsync(Backend.Binary);
        using var certificates = new TestServerCertificates();
        var recorder = new RecordingAdmissionHandler();
        await using var server = await AdmissionWebhookServer.StartAsync(
            new Dictionary<string, IAdmissionHandler> { ["/probe"] = recorder }, certificates.Serving, CancellationToken.None);
        await InstallAsync(cluster.Client, new Uri(server.Url, "/probe"), certificates.Authority.CertificatePem);
        try
        {
            var probe = new GoStructLayoutProbe();
            foreach (var kind in Kinds)
            {
                var shape = FieldShape.Of(kind.Model);
                var full = new ProbeObject(ProbeMode.Full);
                await RecordAsync(cluster, recorder, probe, kind, shape, full, ProbeMode.Full);
                await RecordAsync(cluster, recorder, probe, kind, shape, new ProbeObject(ProbeMode.Zero), ProbeMode.Zero);
                for (var depth = 0; depth <= full.MaxDepth; depth++)
                {
                    await RecordAsync(cluster, recorder, probe, kind, shape, new ProbeObject(ProbeMode.Hollow, depth), ProbeMode.Hollow, depth);
                }
            }

            foreach (var (resource, model, body) in AnsweredKinds)
            {
                var (code, answer) = await cluster.SendAsync(HttpMethod.Post, $"/apis/admissionregistration.k8s.io/v1/{resource}?dryRun=All", body);
                Assert.True(code == 201, $"{resource}: {code} {answer}");
                probe.Record(JsonNode.Parse(answer)!.AsObject(), FieldShape.Of(model), ProbeMode.Full);
            }

            var table = probe.Table();
            var embedded = await ReadEmbeddedTableAsync();
            if (table != embedded)
            {
                var fresh = Path.Combine(AppContext.BaseDirectory, "layouts.fresh.txt");
                await File.WriteAllTextAsync(fresh, table);
                Assert.Fail($"the embedded Go struct layouts differ from what kube-apiserver writes; the fresh table is {fresh}");
            }
        }
        finally
        {
            await cluster.Client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync(ProbeLabel);
            await cluster.Client.NodeV1.DeleteRuntimeClassAsync(RuntimeClass);
        }
    }

    private static async Task RecordAsync(
        ClusterScope cluster, RecordingAdmissionHandler recorder, GoStructLayoutProbe probe,
        (string Group, string Version, string Resource, string Kind, Type Model, bool Namespaced) kind, FieldShape shape, ProbeObject builder, ProbeMode mode, int depth = -1)
    {
        var obj = builder.Build(shape);
        Complete(obj, kind.Group.Length == 0 ? kind.Version : $"{kind.Group}/{kind.Version}", kind.Kind, kind.Namespaced ? cluster.Namespace : null);
        var path = (kind.Group.Length == 0 ? "/api/v1/" : $"/apis/{kind.Group}/{kind.Version}/")
            + (kind.Namespaced ? $"namespaces/{cluster.Namespace}/" : string.Empty) + kind.Resource + "?dryRun=All";
        for (var attempt = 0; ; attempt++)
        {
            var (code, body) = await cluster.SendAsync(HttpMethod.Post, path, obj.ToJsonString());
            if (recorder.Objects.TryDequeue(out var answer))
            {
                probe.Record(answer, shape, mode, depth);
                return;
            }

            // The apiserver sees a new webhook configuration a moment after it is stored.
            Assert.True(attempt < 50, $"{kind.Kind} ({mode} {depth}) never reached the webhook: {code} {body}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// What the probe object needs to reach the webhook: its kind, name and label, and for a pod a runtime class that exists and a
    /// priority class (an empty spec too, else the Priority admission plugin sets a priority the table would read as written
    /// when unset; a zero priority goes without one, which the plugin keeps).
    /// </summary>
    private static void Complete(JsonObject obj, string apiVersion, string kind, string? ns)
    {
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        metadata["name"] = "probe";
        metadata.Remove("generateName");
        metadata["labels"] = new JsonObject { [ProbeLabel] = "true" };
        if (ns is null)
        {
            metadata.Remove("namespace");
        }
        else
        {
            metadata["namespace"] = ns;
        }

        if (kind == "Pod" && obj["spec"] is JsonObject spec)
        {
            if (spec["priority"] is not JsonValue priority || priority.GetValue<int>() != 0)
            {
                spec["priorityClassName"] = "system-cluster-critical";
                spec["priority"] = 2000000000;
            }

            spec["preemptionPolicy"] = "PreemptLowerPriority";
            spec["runtimeClassName"] = RuntimeClass;
            spec["overhead"] = new JsonObject { ["cpu"] = "1" };
        }
    }

    private static async Task InstallAsync(IKubernetes client, Uri url, string caPem)
    {
        await client.NodeV1.CreateRuntimeClassAsync(new V1RuntimeClass
        {
            Metadata = new V1ObjectMeta { Name = RuntimeClass },
            Handler = "probe",
            Overhead = new V1Overhead { PodFixed = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } },
        });
        await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = ProbeLabel },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = "probe.harness.test",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = url.ToString(), CaBundle = System.Text.Encoding.UTF8.GetBytes(caPem) },
                    Rules = Kinds.Select(k => new V1RuleWithOperations
                    {
                        ApiGroups = [k.Group], ApiVersions = [k.Version], Resources = [k.Resource], Operations = ["CREATE"], Scope = "*",
                    }).ToList(),
                    ObjectSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [ProbeLabel] = "true" } },
                    SideEffects = "None",
                    AdmissionReviewVersions = ["v1"],
                    FailurePolicy = "Fail",
                    MatchPolicy = "Exact",
                },
            ],
        });
    }

    private static string WebhookConfiguration(string kind, string extraFields)
    {
        const string Webhook = """
            {"matchConditions":[{"expression":"true","name":"c"}],"admissionReviewVersions":["v1"],"timeoutSeconds":5,"sideEffects":"None",
            "objectSelector":{"matchExpressions":[{"values":["x"],"operator":"In","key":"k"}],"matchLabels":{"k":"x"}},
            "namespaceSelector":{"matchExpressions":[{"values":["x"],"operator":"In","key":"k"}],"matchLabels":{"k":"x"}},{extra}
            "matchPolicy":"Exact","failurePolicy":"Fail",
            "rules":[{"scope":"*","resources":["widgets"],"apiVersions":["v1"],"apiGroups":["probe.example.com"],"operations":["CREATE"]}],
            "clientConfig":{client},"name":"{name}.probe.harness.test"}
            """;
        var webhook = Webhook.Replace("{extra}", extraFields, StringComparison.Ordinal);
        var url = webhook.Replace("{client}", """{"caBundle":"eA==","url":"https://probe.example.com/v"}""", StringComparison.Ordinal).Replace("{name}", "url", StringComparison.Ordinal);
        var service = webhook.Replace("{client}", """{"caBundle":"eA==","service":{"port":443,"path":"/v","name":"probe","namespace":"default"}}""", StringComparison.Ordinal)
            .Replace("{name}", "service", StringComparison.Ordinal);
        return $$"""{"webhooks":[{{service}},{{url}}],"metadata":{"name":"probe"},"kind":"{{kind}}","apiVersion":"admissionregistration.k8s.io/v1"}""";
    }

    private static async Task<string> ReadEmbeddedTableAsync()
    {
        await using var stream = typeof(GoStructLayouts).Assembly.GetManifestResourceStream(GoStructLayouts.ResourceName)!;
        using var reader = new StreamReader(stream);
        var lines = (await reader.ReadToEndAsync()).Split('\n').Where(line => line.Length > 0 && line[0] != '#');
        return string.Join('\n', lines) + "\n";
    }
}
