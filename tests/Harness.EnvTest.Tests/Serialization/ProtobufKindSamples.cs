using Google.Protobuf;
using Harness.EnvTest.Protos.AdmissionRegistration;
using Harness.EnvTest.Protos.ApiExtensions;
using Harness.EnvTest.Protos.ApiRegistration;
using Harness.EnvTest.Protos.Apps;
using Harness.EnvTest.Protos.Coordination;
using Harness.EnvTest.Protos.Core;
using Harness.EnvTest.Protos.Meta;
using Harness.EnvTest.Protos.Runtime;
using Harness.EnvTest.Protos.Storage;
using EventsV1 = Harness.EnvTest.Protos.Events;

namespace Harness.EnvTest.Tests.Serialization;

/// <summary>
/// One object of each built-in kind, as a protobuf message and as the JSON a client sends for the same object, with
/// pointer fields at their zero values, quantities, times, microsecond times, raw extensions, bytes and inlined structs.
/// </summary>
internal sealed record ProtobufKindSample(string ApiVersion, string Kind, string Plural, bool Namespaced, Func<string, string, IMessage> Message, string JsonTemplate)
{
    private const long Seconds = 1767323045; // 2026-01-02T03:04:05Z

    public static readonly IReadOnlyDictionary<string, ProtobufKindSample> All = new Dictionary<string, ProtobufKindSample>
    {
        ["PersistentVolumeClaim"] = new("v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, Claim,
            """{"metadata":{"name":"{name}","labels":{"app":"probe"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"","volumeMode":"Filesystem","dataSource":{"kind":"PersistentVolumeClaim","name":"source"}}}"""),
        ["PersistentVolume"] = new("v1", "PersistentVolume", "persistentvolumes", false, Volume,
            """{"metadata":{"name":"{name}"},"spec":{"capacity":{"storage":"5Gi"},"csi":{"driver":"pb.csi.example.com","volumeHandle":"h1","volumeAttributes":{"a":"b"},"nodePublishSecretRef":{"name":"s","namespace":"ns"}},"accessModes":["ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain","mountOptions":["ro"],"volumeMode":"Block","nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}]}}}}"""),
        ["StorageClass"] = new("storage.k8s.io/v1", "StorageClass", "storageclasses", false, Class,
            """{"metadata":{"name":"{name}"},"provisioner":"pb.example.com/x","parameters":{"type":"fast"},"reclaimPolicy":"Retain","mountOptions":["debug"],"allowVolumeExpansion":false,"volumeBindingMode":"WaitForFirstConsumer","allowedTopologies":[{"matchLabelExpressions":[{"key":"topology.kubernetes.io/zone","values":["a"]}]}]}"""),
        ["Event"] = new("v1", "Event", "events", true, CoreEvent,
            """{"metadata":{"name":"{name}"},"involvedObject":{"kind":"Pod","namespace":"{ns}","name":"p","apiVersion":"v1"},"reason":"Started","message":"m","source":{"component":"kubelet"},"firstTimestamp":"2026-01-02T03:04:05Z","lastTimestamp":"2026-01-02T03:04:05Z","count":2,"type":"Normal"}"""),
        ["events.k8s.io/Event"] = new("events.k8s.io/v1", "Event", "events", true, GroupEvent,
            """{"metadata":{"name":"{name}"},"eventTime":"2026-01-02T03:04:05.123456Z","reportingController":"pb.example.com/ctl","reportingInstance":"i-1","action":"Create","reason":"Made","regarding":{"kind":"Pod","namespace":"{ns}","name":"p","apiVersion":"v1"},"note":"n","type":"Warning"}"""),
        ["Lease"] = new("coordination.k8s.io/v1", "Lease", "leases", true, Lease,
            """{"metadata":{"name":"{name}"},"spec":{"holderIdentity":"h","leaseDurationSeconds":15,"acquireTime":"2026-01-02T03:04:05.123456Z","renewTime":"2026-01-02T03:04:05.000001Z","leaseTransitions":0}}"""),
        ["ControllerRevision"] = new("apps/v1", "ControllerRevision", "controllerrevisions", true, Revision,
            """{"metadata":{"name":"{name}","labels":{"app":"probe"}},"data":{"spec":{"x":1}},"revision":3}"""),
        ["ValidatingWebhookConfiguration"] = new("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, (name, _) => Webhooks(name, mutating: false),
            """{"metadata":{"name":"{name}"},"webhooks":[""" + WebhookJson + "]}"),
        ["MutatingWebhookConfiguration"] = new("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, (name, _) => Webhooks(name, mutating: true),
            """{"metadata":{"name":"{name}"},"webhooks":[""" + WebhookJson[..^1] + ""","reinvocationPolicy":"IfNeeded"}]}"""),
        ["APIService"] = new("apiregistration.k8s.io/v1", "APIService", "apiservices", false, ApiService,
            """{"metadata":{"name":"{name}"},"spec":{"service":{"namespace":"{ns}","name":"svc","port":8443},"group":"{group}","version":"v1alpha1","caBundle":"YWJj","groupPriorityMinimum":100,"versionPriority":10}}"""),
        ["CustomResourceDefinition"] = new("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false, Crd,
            """{"metadata":{"name":"{name}"},"spec":{"group":"{group}","names":{"plural":"things","singular":"thing","shortNames":["th"],"kind":"Thing","listKind":"ThingList"},"scope":"Namespaced","versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"size":{"type":"integer","default":3,"maximum":10.5,"minimum":1},"mode":{"type":"string","maxLength":1,"pattern":"^[ab]$","enum":["a","b"]},"tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"},"labels":{"type":"object","additionalProperties":{"type":"string"}},"open":{"type":"object","x-kubernetes-preserve-unknown-fields":true}},"x-kubernetes-validations":[{"rule":"self.size <= 10","message":"too big","reason":"FieldValueForbidden","fieldPath":".size"}]}}}},"subresources":{"status":{}},"additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"}],"selectableFields":[{"jsonPath":".spec.mode"}]}]}}"""),
    };

    /// <summary>A webhook that matches no request (its one rule names a group nothing serves).</summary>
    private const string WebhookJson = """{"name":"w.pb.example.com","clientConfig":{"url":"https://127.0.0.1:1/w","caBundle":"YWJj"},"rules":[{"operations":["CREATE"],"apiGroups":["pb.example.com"],"apiVersions":["v1"],"resources":["things"],"scope":"*"}],"failurePolicy":"Ignore","sideEffects":"None","timeoutSeconds":5,"admissionReviewVersions":["v1"],"matchPolicy":"Exact","matchConditions":[{"name":"c","expression":"true"}]}""";

    /// <summary>The collection's path; cluster-scoped kinds ignore <paramref name="ns"/>.</summary>
    public string Collection(string ns)
    {
        var root = ApiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{ApiVersion}" : $"/api/{ApiVersion}";
        return Namespaced ? $"{root}/namespaces/{ns}/{Plural}" : $"{root}/{Plural}";
    }

    /// <summary>The JSON form, for the object named <paramref name="name"/> in the namespace <paramref name="ns"/>.</summary>
    public string Json(string name, string ns) =>
        JsonTemplate.Replace("{name}", name, StringComparison.Ordinal).Replace("{ns}", ns, StringComparison.Ordinal).Replace("{group}", name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal);

    /// <summary>A name for this kind, unique to the namespace <paramref name="ns"/>; an APIService's or a CRD's names its group.</summary>
    public string Name(string prefix, string ns) => Kind switch
    {
        "APIService" => $"v1alpha1.{prefix}-{ns}.example.com",
        "CustomResourceDefinition" => $"things.{prefix}-{ns}.example.com",
        _ => $"{prefix}-{ns}",
    };

    private static MicroTime Micro(int nanos) => new() { Seconds = Seconds, Nanos = nanos };

    private static PersistentVolumeClaim Claim(string name, string ns)
    {
        var claim = new PersistentVolumeClaim
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new PersistentVolumeClaimSpec
            {
                Resources = new VolumeResourceRequirements(),
                StorageClassName = string.Empty,
                VolumeMode = "Filesystem",
                VolumeName = string.Empty,
                DataSource = new TypedLocalObjectReference { Kind = "PersistentVolumeClaim", Name = "source" },
            },
        };
        claim.Metadata.Labels.Add("app", "probe");
        claim.Spec.AccessModes.Add("ReadWriteOnce");
        claim.Spec.Resources.Requests.Add("storage", new Quantity { String = "1Gi" });
        return claim;
    }

    private static PersistentVolume Volume(string name, string ns)
    {
        var csi = new CSIPersistentVolumeSource { Driver = "pb.csi.example.com", VolumeHandle = "h1", ReadOnly = false, NodePublishSecretRef = new SecretReference { Name = "s", Namespace = "ns" } };
        csi.VolumeAttributes.Add("a", "b");
        var term = new NodeSelectorTerm();
        term.MatchExpressions.Add(new NodeSelectorRequirement { Key = "zone", Operator = "In", Values = { "a" } });
        var volume = new PersistentVolume
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new PersistentVolumeSpec
            {
                PersistentVolumeSource = new PersistentVolumeSource { Csi = csi },
                PersistentVolumeReclaimPolicy = "Retain",
                VolumeMode = "Block",
                NodeAffinity = new VolumeNodeAffinity { Required = new NodeSelector { NodeSelectorTerms = { term } } },
            },
        };
        volume.Spec.Capacity.Add("storage", new Quantity { String = "5Gi" });
        volume.Spec.AccessModes.Add("ReadWriteOnce");
        volume.Spec.MountOptions.Add("ro");
        return volume;
    }

    private static StorageClass Class(string name, string ns)
    {
        var storageClass = new StorageClass
        {
            Metadata = new ObjectMeta { Name = name },
            Provisioner = "pb.example.com/x",
            ReclaimPolicy = "Retain",
            AllowVolumeExpansion = false,
            VolumeBindingMode = "WaitForFirstConsumer",
            MountOptions = { "debug" },
        };
        storageClass.Parameters.Add("type", "fast");
        storageClass.AllowedTopologies.Add(new TopologySelectorTerm
        {
            MatchLabelExpressions = { new TopologySelectorLabelRequirement { Key = "topology.kubernetes.io/zone", Values = { "a" } } },
        });
        return storageClass;
    }

    private static Event CoreEvent(string name, string ns) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        InvolvedObject = new ObjectReference { Kind = "Pod", Namespace = ns, Name = "p", ApiVersion = "v1" },
        Reason = "Started",
        Message = "m",
        Source = new EventSource { Component = "kubelet" },
        FirstTimestamp = new Time { Seconds = Seconds },
        LastTimestamp = new Time { Seconds = Seconds, Nanos = 999_999_999 },
        Count = 2,
        Type = "Normal",
        EventTime = new MicroTime(),
    };

    private static EventsV1.Event GroupEvent(string name, string ns) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        EventTime = Micro(123_456_789),
        ReportingController = "pb.example.com/ctl",
        ReportingInstance = "i-1",
        Action = "Create",
        Reason = "Made",
        Regarding = new ObjectReference { Kind = "Pod", Namespace = ns, Name = "p", ApiVersion = "v1" },
        Note = "n",
        Type = "Warning",
        DeprecatedCount = 0,
    };

    private static Lease Lease(string name, string ns) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new LeaseSpec { HolderIdentity = "h", LeaseDurationSeconds = 15, AcquireTime = Micro(123_456_789), RenewTime = Micro(1_000), LeaseTransitions = 0 },
    };

    private static ControllerRevision Revision(string name, string ns)
    {
        var revision = new ControllerRevision
        {
            Metadata = new ObjectMeta { Name = name },
            Data = new RawExtension { Raw = ByteString.CopyFromUtf8("""{"spec":{"x":1}}""") },
            Revision = 3,
        };
        revision.Metadata.Labels.Add("app", "probe");
        return revision;
    }

    private static IMessage Webhooks(string name, bool mutating)
    {
        var config = new WebhookClientConfig { Url = "https://127.0.0.1:1/w", CaBundle = ByteString.CopyFromUtf8("abc") };
        var rule = new RuleWithOperations
        {
            Operations = { "CREATE" },
            Rule = new Rule { ApiGroups = { "pb.example.com" }, ApiVersions = { "v1" }, Resources = { "things" }, Scope = "*" },
        };
        var condition = new MatchCondition { Name = "c", Expression = "true" };
        var metadata = new ObjectMeta { Name = name };
        return mutating
            ? new MutatingWebhookConfiguration
            {
                Metadata = metadata,
                Webhooks =
                {
                    new MutatingWebhook
                    {
                        Name = "w.pb.example.com", ClientConfig = config, Rules = { rule }, FailurePolicy = "Ignore", SideEffects = "None", TimeoutSeconds = 5,
                        AdmissionReviewVersions = { "v1" }, MatchPolicy = "Exact", MatchConditions = { condition }, ReinvocationPolicy = "IfNeeded",
                    },
                },
            }
            : new ValidatingWebhookConfiguration
            {
                Metadata = metadata,
                Webhooks =
                {
                    new ValidatingWebhook
                    {
                        Name = "w.pb.example.com", ClientConfig = config, Rules = { rule }, FailurePolicy = "Ignore", SideEffects = "None", TimeoutSeconds = 5,
                        AdmissionReviewVersions = { "v1" }, MatchPolicy = "Exact", MatchConditions = { condition },
                    },
                },
            };
    }

    private static APIService ApiService(string name, string ns) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new APIServiceSpec
        {
            Service = new Protos.ApiRegistration.ServiceReference { Namespace = ns, Name = "svc", Port = 8443 },
            Group = name[9..],
            Version = "v1alpha1",
            CaBundle = ByteString.CopyFromUtf8("abc"),
            GroupPriorityMinimum = 100,
            VersionPriority = 10,
        },
    };

    private static CustomResourceDefinition Crd(string name, string ns)
    {
        static JSONSchemaProps Typed(string type) => new() { Type = type };
        static JSON Json(string raw) => new() { Raw = ByteString.CopyFromUtf8(raw) };
        var size = new JSONSchemaProps { Type = "integer", Default = Json("3"), Maximum = 10.5, Minimum = 1 };
        var mode = new JSONSchemaProps { Type = "string", MaxLength = 1, Pattern = "^[ab]$", Enum = { Json("\"a\""), Json("\"b\"") } };
        var tags = new JSONSchemaProps { Type = "array", Items = new JSONSchemaPropsOrArray { Schema = Typed("string") }, XKubernetesListType = "set" };
        var labels = new JSONSchemaProps { Type = "object", AdditionalProperties = new JSONSchemaPropsOrBool { Schema = Typed("string") } };
        var spec = new JSONSchemaProps
        {
            Type = "object",
            Properties = { ["size"] = size, ["mode"] = mode, ["tags"] = tags, ["labels"] = labels, ["open"] = new JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
            XKubernetesValidations = { new ValidationRule { Rule = "self.size <= 10", Message = "too big", Reason = "FieldValueForbidden", FieldPath = ".size" } },
        };
        var version = new CustomResourceDefinitionVersion
        {
            Name = "v1",
            Served = true,
            Storage = true,
            Schema = new CustomResourceValidation { OpenAPIV3Schema = new JSONSchemaProps { Type = "object", Properties = { ["spec"] = spec } } },
            Subresources = new CustomResourceSubresources { Status = new CustomResourceSubresourceStatus() },
            AdditionalPrinterColumns = { new CustomResourceColumnDefinition { Name = "Size", Type = "integer", JsonPath = ".spec.size", Priority = 0 } },
            SelectableFields = { new SelectableField { JsonPath = ".spec.mode" } },
        };
        return new CustomResourceDefinition
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new CustomResourceDefinitionSpec
            {
                Group = name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..],
                Names = new CustomResourceDefinitionNames { Plural = "things", Singular = "thing", ShortNames = { "th" }, Kind = "Thing", ListKind = "ThingList" },
                Scope = "Namespaced",
                Versions = { version },
            },
        };
    }
}
