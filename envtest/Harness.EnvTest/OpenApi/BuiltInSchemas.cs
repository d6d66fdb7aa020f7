using System.Text.Json.Nodes;
using static Harness.EnvTest.OpenApi.SchemaShapes;

namespace Harness.EnvTest.OpenApi;

/// <summary>
/// Definitions of the built-in kinds the embedded server serves, written for the harness: the fields
/// the harness, its controllers and users touch, with strategic-merge extensions on merged lists.
/// Kinds it does not know get <see cref="Generic"/>.
/// </summary>
internal static class BuiltInSchemas
{
    private static readonly Dictionary<(string Group, string Kind), Func<JsonObject>> Kinds = new()
    {
        [("", "Namespace")] = Namespace,
        [("", "ConfigMap")] = ConfigMap,
        [("", "Secret")] = Secret,
        [("", "PersistentVolumeClaim")] = PersistentVolumeClaim,
        [("", "PersistentVolume")] = PersistentVolume,
        [("", "Pod")] = Pod,
        [("", "Event")] = CoreEvent,
        [("events.k8s.io", "Event")] = EventsEvent,
        [("storage.k8s.io", "StorageClass")] = StorageClass,
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = CustomResourceDefinition,
        [("apps", "ControllerRevision")] = ControllerRevision,
        [("coordination.k8s.io", "Lease")] = Lease,
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = () => WebhookConfiguration("validating"),
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = () => WebhookConfiguration("mutating"),
        [("apiregistration.k8s.io", "APIService")] = ApiService,
    };

    /// <summary>The definition of a built-in kind (a fresh object), or a generic one.</summary>
    public static JsonObject For(string group, string kind)
        => Kinds.TryGetValue((group, kind), out var build) ? build() : Generic(kind);

    public static JsonObject Generic(string kind) => Kind(
        $"A {kind}.",
        ("spec", Obj("Desired state.")),
        ("status", Obj("Observed state.")));

    private static JsonObject Kind(string description, params (string Name, JsonObject Schema)[] fields)
    {
        var all = new List<(string, JsonObject)>
        {
            ("apiVersion", MetaSchemas.ApiVersion()),
            ("kind", MetaSchemas.Kind()),
            ("metadata", MetaSchemas.MetadataRef()),
        };
        all.AddRange(fields);
        return Obj(description, all.OrderBy(f => f.Item1, StringComparer.Ordinal).ToArray());
    }

    private static JsonObject ObjectReference(string description) => Obj(
        description,
        ("apiVersion", Str("API version of the referent.")),
        ("fieldPath", Str("Part of the referent concerned, if any.")),
        ("kind", Str("Kind of the referent.")),
        ("name", Str("Name of the referent.")),
        ("namespace", Str("Namespace of the referent.")),
        ("resourceVersion", Str("Version of the referent concerned, if any.")),
        ("uid", Str("UID of the referent.")));

    private static JsonObject TypedLocalReference(string description) => Obj(
        description,
        ("apiGroup", Str("Group of the referent; empty for the core group.")),
        ("kind", Str("Kind of the referent.")),
        ("name", Str("Name of the referent.")))
        .Required("kind", "name");

    private static JsonObject Condition(string description) => Obj(
        description,
        ("lastProbeTime", Time("When the condition was last probed.")),
        ("lastTransitionTime", Time("When the condition last changed status.")),
        ("message", Str("Human-readable details.")),
        ("reason", Str("Machine-readable reason.")),
        ("status", Str("True, False or Unknown.")),
        ("type", Str("Kind of condition.")))
        .Required("type", "status");

    private static JsonObject LabelSelector() => Obj(
        "Selects objects by label.",
        ("matchExpressions", Arr("Requirements, all of which must hold.", Obj("One requirement.", ("key", Str("Label key.")), ("operator", Str("In, NotIn, Exists or DoesNotExist.")), ("values", Arr("Values for In and NotIn.", Str("A value.")))))),
        ("matchLabels", StrMap("Labels that must all match.")));

    private static JsonObject Namespace() => Kind(
        "A scope for names; namespaced objects live in one.",
        ("spec", Obj("Desired state.", ("finalizers", Arr("Finalizers that must be cleared before the namespace is removed.", Str("A finalizer."))))),
        ("status", Obj("Observed state.", ("phase", Str("Active or Terminating.")), ("conditions", MergeList("Conditions of the namespace.", Condition("A namespace condition."), "type")))));

    private static JsonObject ConfigMap() => Kind(
        "Non-confidential key/value data.",
        ("binaryData", new JsonObject { ["description"] = "Binary values, base64 encoded.", ["type"] = "object", ["additionalProperties"] = Str("Base64 data.", "byte") }),
        ("data", StrMap("Text values.")),
        ("immutable", Bool("Whether the data can no longer change.")));

    private static JsonObject Secret() => Kind(
        "Confidential key/value data.",
        ("data", new JsonObject { ["description"] = "Values, base64 encoded.", ["type"] = "object", ["additionalProperties"] = Str("Base64 data.", "byte") }),
        ("immutable", Bool("Whether the data can no longer change.")),
        ("stringData", StrMap("Write-only text values merged into data.")),
        ("type", Str("Type of the secret, e.g. Opaque.")));

    private static JsonObject ClaimSpec() => Obj(
        "The requested storage.",
        ("accessModes", Arr("Access modes: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.", Str("An access mode."))),
        ("dataSource", TypedLocalReference("Populate the volume from this object (a VolumeSnapshot or a claim).")),
        ("dataSourceRef", TypedLocalReference("Populate the volume from this object, possibly of another kind.")),
        ("resources", Obj("Requested resources.", ("limits", Quantities("Maximum resources.")), ("requests", Quantities("Minimum resources, e.g. storage.")))),
        ("selector", LabelSelector()),
        ("storageClassName", Str("StorageClass to provision from.")),
        ("volumeMode", Str("Filesystem or Block.")),
        ("volumeName", Str("PersistentVolume bound to the claim.")));

    private static JsonObject PersistentVolumeClaim() => Kind(
        "A user's request for storage.",
        ("spec", ClaimSpec()),
        ("status", Obj(
            "Observed state.",
            ("accessModes", Arr("Access modes of the bound volume.", Str("An access mode."))),
            ("capacity", Quantities("Capacity of the bound volume.")),
            ("conditions", MergeList("Conditions of the claim.", Condition("A claim condition."), "type")),
            ("phase", Str("Pending, Bound or Lost.")))));

    private static JsonObject PersistentVolume() => Kind(
        "A piece of storage in the cluster.",
        ("spec", Obj(
            "Description of the volume.",
            ("accessModes", Arr("Access modes.", Str("An access mode."))),
            ("capacity", Quantities("Capacity of the volume.")),
            ("claimRef", ObjectReference("The claim bound to the volume.")),
            ("csi", Obj("A volume of a CSI driver.", ("driver", Str("Name of the driver.")), ("fsType", Str("Filesystem type.")), ("readOnly", Bool("Read-only.")), ("volumeAttributes", StrMap("Attributes of the volume.")), ("volumeHandle", Str("Volume ID returned by CreateVolume.")))
                .Required("driver", "volumeHandle")),
            ("mountOptions", Arr("Mount options.", Str("An option."))),
            ("persistentVolumeReclaimPolicy", Str("Retain, Delete or Recycle.")),
            ("storageClassName", Str("StorageClass of the volume.")),
            ("volumeMode", Str("Filesystem or Block.")))),
        ("status", Obj("Observed state.", ("message", Str("Details.")), ("phase", Str("Pending, Available, Bound, Released or Failed.")), ("reason", Str("Reason of a failure.")))));

    private static JsonObject Pod()
    {
        var container = Obj(
            "A container of the pod.",
            ("args", Arr("Arguments.", Str("An argument."))),
            ("command", Arr("Entrypoint.", Str("A word."))),
            ("env", MergeList("Environment variables.", Obj("A variable.", ("name", Str("Name.")), ("value", Str("Value."))).Required("name"), "name")),
            ("image", Str("Container image.")),
            ("name", Str("Name of the container.")),
            ("volumeMounts", MergeList("Volumes mounted in the container.", Obj("A mount.", ("mountPath", Str("Path in the container.")), ("name", Str("Volume name.")), ("readOnly", Bool("Read-only."))).Required("name", "mountPath"), "mountPath")))
            .Required("name");
        var volume = Obj(
            "A volume of the pod.",
            ("name", Str("Name of the volume.")),
            ("persistentVolumeClaim", Obj("A claim.", ("claimName", Str("Name of the claim.")), ("readOnly", Bool("Read-only."))).Required("claimName")))
            .Required("name");
        return Kind(
            "A group of containers running on a node.",
            ("spec", Obj(
                "Desired state.",
                ("containers", MergeList("Containers of the pod.", container, "name")),
                ("nodeName", Str("Node the pod runs on.")),
                ("restartPolicy", Str("Always, OnFailure or Never.")),
                ("serviceAccountName", Str("Service account of the pod.")),
                ("volumes", MergeList("Volumes of the pod.", volume, "name")))
                .Required("containers")),
            ("status", Obj(
                "Observed state.",
                ("conditions", MergeList("Conditions of the pod.", Condition("A pod condition."), "type")),
                ("hostIP", Str("IP of the node.")),
                ("message", Str("Details.")),
                ("phase", Str("Pending, Running, Succeeded, Failed or Unknown.")),
                ("podIP", Str("IP of the pod.")),
                ("reason", Str("Reason of the phase.")),
                ("startTime", Time("When the pod was started.")))));
    }

    private static JsonObject CoreEvent() => Kind(
        "A report of something that happened to an object.",
        ("action", Str("What was done.")),
        ("count", Int("How many times it happened.")),
        ("eventTime", Str("When it first happened, with microseconds.", "date-time")),
        ("firstTimestamp", Time("When it first happened.")),
        ("involvedObject", ObjectReference("The object concerned.")),
        ("lastTimestamp", Time("When it last happened.")),
        ("message", Str("Human-readable description.")),
        ("reason", Str("Machine-readable reason.")),
        ("reportingComponent", Str("Controller that reported it.")),
        ("reportingInstance", Str("Instance of the controller.")),
        ("source", Obj("Who reported it.", ("component", Str("Component.")), ("host", Str("Node.")))),
        ("type", Str("Normal or Warning.")));

    private static JsonObject EventsEvent()
    {
        var schema = Kind(
            "A report of something that happened to an object.",
            ("action", Str("What was done.")),
            ("eventTime", Str("When it first happened, with microseconds.", "date-time")),
            ("note", Str("Human-readable description.")),
            ("reason", Str("Machine-readable reason.")),
            ("regarding", ObjectReference("The object concerned.")),
            ("related", ObjectReference("A second object concerned.")),
            ("reportingController", Str("Controller that reported it.")),
            ("reportingInstance", Str("Instance of the controller.")),
            ("series", Obj("Repetitions of the event.", ("count", Int("How many times.")), ("lastObservedTime", Str("When last seen.", "date-time")))),
            ("type", Str("Normal or Warning.")));
        return schema.Required("eventTime");
    }

    private static JsonObject StorageClass() => Kind(
        "A class of storage and how to provision it.",
        ("allowVolumeExpansion", Bool("Whether claims may grow.")),
        ("mountOptions", Arr("Mount options of provisioned volumes.", Str("An option."))),
        ("parameters", StrMap("Parameters for the provisioner.")),
        ("provisioner", Str("Name of the provisioner (the CSI driver).")),
        ("reclaimPolicy", Str("Delete or Retain.")),
        ("volumeBindingMode", Str("Immediate or WaitForFirstConsumer.")))
        .Required("provisioner");

    private static JsonObject CustomResourceDefinition()
    {
        var column = Obj("A printer column.", ("name", Str("Header.")), ("type", Str("integer, number, string, boolean or date.")), ("jsonPath", Str("Where the cell comes from.")), ("format", Str("Format hint.")), ("description", Str("Description.")), ("priority", Int("0 shows by default, more only with -o wide.")))
            .Required("name", "type", "jsonPath");
        var version = Obj(
            "One version of the resource.",
            ("additionalPrinterColumns", Arr("Columns of kubectl get.", column)),
            ("deprecated", Bool("Whether the version is deprecated.")),
            ("deprecationWarning", Str("Warning returned to clients of a deprecated version.")),
            ("name", Str("Version name, e.g. v1beta1.")),
            ("schema", Obj("Validation schema.", ("openAPIV3Schema", Obj("An OpenAPI v3 schema of the resource.")))),
            ("served", Bool("Whether the version is served.")),
            ("storage", Bool("Whether objects are stored in this version; exactly one version is.")),
            ("subresources", Obj("Subresources.", ("status", Obj("Enables /status.")), ("scale", Obj("Enables /scale.")))))
            .Required("name", "served", "storage");
        var names = Obj(
            "Names of the resource.",
            ("categories", Arr("Groups the resource belongs to, such as all.", Str("A category."))),
            ("kind", Str("Kind of the objects.")),
            ("listKind", Str("Kind of lists.")),
            ("plural", Str("Plural name, used in URLs.")),
            ("shortNames", Arr("Short names for kubectl.", Str("A short name."))),
            ("singular", Str("Singular name.")))
            .Required("plural", "kind");
        return Kind(
            "Defines a custom resource served by the API server.",
            ("spec", Obj(
                "The resource.",
                ("conversion", Obj("How versions convert.", ("strategy", Str("None or Webhook.")))),
                ("group", Str("API group.")),
                ("names", names),
                ("preserveUnknownFields", Bool("Deprecated: keep unknown fields.")),
                ("scope", Str("Namespaced or Cluster.")),
                ("versions", Arr("Versions of the resource.", version)))
                .Required("group", "names", "scope", "versions")),
            ("status", Obj(
                "Observed state.",
                ("acceptedNames", (JsonObject)names.DeepClone()),
                ("conditions", MergeList("Conditions, e.g. Established.", Condition("A CRD condition."), "type")),
                ("storedVersions", Arr("Versions objects were ever stored in.", Str("A version."))))))
            .Required("spec");
    }

    private static JsonObject ControllerRevision() => Kind(
        "An immutable snapshot of state, kept by a controller for rollbacks.",
        ("data", new JsonObject { ["description"] = "The serialized state.", ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true }),
        ("revision", Int("Revision number.", "int64")))
        .Required("revision");

    private static JsonObject Lease() => Kind(
        "A lease, e.g. for leader election.",
        ("spec", Obj(
            "The lease.",
            ("acquireTime", Str("When the lease was acquired.", "date-time")),
            ("holderIdentity", Str("Who holds the lease.")),
            ("leaseDurationSeconds", Int("How long a holder may go without renewing.")),
            ("leaseTransitions", Int("How many times the holder changed.")),
            ("renewTime", Str("When the holder last renewed.", "date-time")))));

    private static JsonObject WebhookConfiguration(string kind)
    {
        var webhook = Obj(
            $"A {kind} admission webhook.",
            ("admissionReviewVersions", Arr("AdmissionReview versions the webhook accepts.", Str("A version."))),
            ("clientConfig", Obj("How to call the webhook.", ("caBundle", Str("CA bundle, PEM, base64 encoded.", "byte")), ("service", Obj("A service to call.", ("name", Str("Name.")), ("namespace", Str("Namespace.")), ("path", Str("URL path.")), ("port", Int("Port.")))), ("url", Str("URL to call.")))),
            ("failurePolicy", Str("Ignore or Fail.")),
            ("matchPolicy", Str("Exact or Equivalent.")),
            ("name", Str("Name of the webhook.")),
            ("namespaceSelector", LabelSelector()),
            ("objectSelector", LabelSelector()),
            ("rules", Arr("Which requests are sent.", Obj("A rule.", ("apiGroups", Arr("Groups.", Str("A group."))), ("apiVersions", Arr("Versions.", Str("A version."))), ("operations", Arr("CREATE, UPDATE, DELETE, CONNECT or *.", Str("An operation."))), ("resources", Arr("Resources.", Str("A resource."))), ("scope", Str("Cluster, Namespaced or *."))))),
            ("sideEffects", Str("None or NoneOnDryRun.")),
            ("timeoutSeconds", Int("Timeout of a call.")))
            .Required("name", "clientConfig", "sideEffects", "admissionReviewVersions");
        return Kind($"Configures {kind} admission webhooks.", ("webhooks", MergeList("The webhooks.", webhook, "name")));
    }

    private static JsonObject ApiService() => Kind(
        "An API group version served by another server and proxied by this one.",
        ("spec", Obj(
            "Where the API is served.",
            ("caBundle", Str("CA bundle of the server, PEM, base64 encoded.", "byte")),
            ("group", Str("API group.")),
            ("groupPriorityMinimum", Int("Priority of the group.")),
            ("insecureSkipTLSVerify", Bool("Skip TLS verification.")),
            ("service", Obj("The service to proxy to.", ("name", Str("Name.")), ("namespace", Str("Namespace.")), ("port", Int("Port.")))),
            ("version", Str("API version.")),
            ("versionPriority", Int("Priority of the version within the group.")))),
        ("status", Obj("Observed state.", ("conditions", MergeList("Conditions, e.g. Available.", Condition("An APIService condition."), "type")))));
}
