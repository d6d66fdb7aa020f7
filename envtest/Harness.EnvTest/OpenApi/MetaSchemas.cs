using System.Text.Json.Nodes;
using static Harness.EnvTest.OpenApi.SchemaShapes;

namespace Harness.EnvTest.OpenApi;

/// <summary>
/// The <c>meta/v1</c> definitions every document carries: ObjectMeta (with the strategic-merge
/// extensions of <c>ownerReferences</c> and <c>finalizers</c>), ListMeta, Status, Patch,
/// DeleteOptions and WatchEvent.
/// </summary>
internal static class MetaSchemas
{
    public static IEnumerable<KeyValuePair<string, JsonObject>> All()
    {
        yield return new(DefinitionNames.ObjectMeta, ObjectMeta());
        yield return new(DefinitionNames.ListMeta, ListMeta());
        yield return new(DefinitionNames.Status, Status());
        yield return new(DefinitionNames.Patch, Obj("A patch document: JSON patch, JSON merge patch, strategic merge patch or apply configuration."));
        yield return new(DefinitionNames.DeleteOptions, DeleteOptions());
        yield return new(DefinitionNames.WatchEvent, WatchEvent());
    }

    public static JsonObject ApiVersion() => Str("Version of the schema this object follows; servers convert known versions and may reject unknown ones.");

    public static JsonObject Kind() => Str("The REST resource this object represents, in CamelCase. Servers may infer it from the request path.");

    public static JsonObject MetadataRef() => Ref(DefinitionNames.ObjectMeta, "Standard object metadata.");

    private static JsonObject ObjectMeta()
    {
        var finalizers = Arr("Conditions that must be cleared before the object is deleted; each is removed by the controller that owns it.", Str("A finalizer name."));
        finalizers["x-kubernetes-list-type"] = "set";
        finalizers["x-kubernetes-patch-strategy"] = "merge";
        var owner = Obj(
            "An object this one depends on; when every owner is gone the object is garbage collected.",
            ("apiVersion", Str("API version of the owner.")),
            ("kind", Str("Kind of the owner.")),
            ("name", Str("Name of the owner.")),
            ("uid", Str("UID of the owner.")),
            ("controller", Bool("Whether the owner is the managing controller.")),
            ("blockOwnerDeletion", Bool("Whether foreground deletion of the owner waits for this object.")))
            .Required("apiVersion", "kind", "name", "uid");
        owner["x-kubernetes-map-type"] = "atomic";
        var managed = Obj(
            "Which fields a manager owns, for server-side apply.",
            ("apiVersion", Str("Version of the fields.")),
            ("fieldsType", Str("Format of fieldsV1: FieldsV1.")),
            ("fieldsV1", Obj("The set of owned fields.")),
            ("manager", Str("Name of the manager.")),
            ("operation", Str("Apply or Update.")),
            ("subresource", Str("Subresource the fields were written through, if any.")),
            ("time", Time("When the fields were last changed.")));
        return Obj(
            "Metadata every persisted object has.",
            ("annotations", StrMap("Unstructured key/value data tools may set and read.")),
            ("creationTimestamp", Time("When the object was created, in UTC; set by the server.")),
            ("deletionGracePeriodSeconds", Int("Seconds the object has to terminate gracefully once deletion was requested.", "int64")),
            ("deletionTimestamp", Time("When deletion was requested; the object goes once its finalizers are cleared. Set by the server.")),
            ("finalizers", finalizers),
            ("generateName", Str("Prefix from which the server generates a unique name when name is empty.")),
            ("generation", Int("Sequence number of the desired state; set by the server.", "int64")),
            ("labels", StrMap("Key/value pairs used to select and organise objects.")),
            ("managedFields", Arr("Field ownership per manager, maintained by server-side apply.", managed)),
            ("name", Str("Name of the object, unique within its namespace (or the cluster for cluster-scoped objects). Cannot be updated.")),
            ("namespace", Str("Namespace of the object; empty for cluster-scoped objects.")),
            ("ownerReferences", MergeList("Objects this one depends on.", owner, "uid")),
            ("resourceVersion", Str("Opaque version of the object, for optimistic concurrency and watches. Set by the server.")),
            ("selfLink", Str("Deprecated and unset.")),
            ("uid", Str("Unique identifier of the object for its whole life. Set by the server.")));
    }

    private static JsonObject ListMeta() => Obj(
        "Metadata of a list.",
        ("continue", Str("Token to fetch the next page, if the list was truncated.")),
        ("remainingItemCount", Int("Items left after this page, when known.", "int64")),
        ("resourceVersion", Str("Version of the list, to start a watch from.")),
        ("selfLink", Str("Deprecated and unset.")));

    private static JsonObject Status()
    {
        var status = Obj(
            "The result of an operation that returns no object, such as an error.",
            ("apiVersion", ApiVersion()),
            ("code", Int("HTTP status code.")),
            ("details", Obj("Extra data about the reason.", ("name", Str("Name of the object concerned.")), ("group", Str("Group of the object.")), ("kind", Str("Kind of the object.")), ("uid", Str("UID of the object.")),
                ("causes", Arr("Individual problems, e.g. one per invalid field.", Obj("One cause.", ("reason", Str("Machine-readable cause.")), ("message", Str("Human-readable cause.")), ("field", Str("Path of the field concerned."))))),
                ("retryAfterSeconds", Int("Seconds after which to retry.")))),
            ("kind", Kind()),
            ("message", Str("Human-readable description.")),
            ("metadata", Ref(DefinitionNames.ListMeta, "Standard list metadata.")),
            ("reason", Str("Machine-readable reason.")),
            ("status", Str("Success or Failure.")));
        status["x-kubernetes-group-version-kind"] = Gvk("", "v1", "Status");
        return status;
    }

    private static JsonObject DeleteOptions() => Obj(
        "Options for a deletion.",
        ("apiVersion", ApiVersion()),
        ("dryRun", Arr("All: process the request without persisting it.", Str("A dry-run directive."))),
        ("gracePeriodSeconds", Int("Seconds before the object is deleted; 0 deletes at once.", "int64")),
        ("kind", Kind()),
        ("orphanDependents", Bool("Deprecated: use propagationPolicy.")),
        ("preconditions", Obj("Conditions that must hold for the deletion to proceed.", ("resourceVersion", Str("Expected resourceVersion.")), ("uid", Str("Expected UID.")))),
        ("propagationPolicy", Str("Orphan, Background or Foreground: what happens to dependents.")));

    private static JsonObject WatchEvent() => Obj(
        "One event of a watch stream.",
        ("object", Obj("The object concerned: the new state for ADDED and MODIFIED, the last state for DELETED, a Status for ERROR.")),
        ("type", Str("ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.")))
        .Required("type", "object");
}
