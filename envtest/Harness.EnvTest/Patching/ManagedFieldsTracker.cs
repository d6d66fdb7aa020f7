using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Patching.ServerSideApply;
using Harness.EnvTest.Patching.TypeRules;

namespace Harness.EnvTest.Patching;

/// <summary>
/// Field ownership in <c>metadata.managedFields</c>, as kube-apiserver's field manager keeps it:
/// every write records which manager set which fields (<see cref="RecordUpdate"/>), and server-side
/// apply merges a manager's configuration, removes what it stopped applying, and refuses to change
/// fields another manager owns unless forced.
/// </summary>
public static class ManagedFieldsTracker
{
    private const string KubectlManager = "kubectl";

    /// <summary>kube-apiserver's <c>DefaultMaxUpdateManagers</c>.</summary>
    private const int MaxUpdateManagers = 10;

    private static readonly FieldSet StrippedFields = BuildStrippedFields();

    /// <summary>
    /// Records a non-apply write (create, update, JSON/merge/strategic patch) by <paramref name="manager"/>
    /// into <paramref name="newObj"/>'s <c>metadata.managedFields</c>, in place: the manager's
    /// <c>Update</c> entry takes the fields the write added or changed, other managers lose them and
    /// the fields it removed. A <c>managedFields</c> in <paramref name="newObj"/> replaces the live one
    /// (<c>[]</c> resets tracking); an undecodable one leaves the object untouched.
    /// </summary>
    /// <param name="oldObj">The stored object, or null on create.</param>
    /// <param name="newObj">The object about to be stored.</param>
    /// <param name="manager">The field manager (see <see cref="FieldManagerName.Resolve"/>).</param>
    /// <param name="context">The resource and request; <see cref="PatchContext.Time"/> stamps the entry.</param>
    public static void RecordUpdate(JsonObject? oldObj, JsonObject newObj, string manager, PatchContext context)
    {
        ArgumentNullException.ThrowIfNull(newObj);
        ArgumentNullException.ThrowIfNull(context);
        if (newObj["metadata"] is not (null or JsonObject) || oldObj?["metadata"] is not (null or JsonObject))
        {
            return;
        }

        var proposed = newObj["metadata"]?["managedFields"];
        var reset = ManagedFields.IsReset(proposed);
        var fromNewObject = reset || proposed is JsonArray { Count: > 0 };
        var source = fromNewObject ? proposed : oldObj?["metadata"]?["managedFields"];
        var rules = TypeRuleSet.For(context);
        var comparison = ObjectFieldSets.Compare(oldObj ?? context.ZeroObject ?? [], context.Decoded?.Invoke(newObj) ?? newObj, rules).Without(ResetFieldsOf(context));
        var identity = ManagerIdentity.Of(manager, ManagerIdentity.Update, context.ApiVersion, context.Subresource);
        var changed = comparison.Changed;
        var taken = changed.Difference(StrippedFields);
        if (!reset && source is JsonArray sourceEntries && !sourceEntries.Any(e => IsOtherVersion(e?["apiVersion"], context)))
        {
            var entries = fromNewObject ? sourceEntries : (JsonArray)sourceEntries.DeepClone();
            if (ManagedFieldsJson.TryRecordInPlace(entries, identity, changed, comparison.Removed, taken, ManagedFields.FormatTime(context.Time)))
            {
                if (!fromNewObject)
                {
                    ObjectMetadata(newObj)["managedFields"] = entries;
                }

                return;
            }
        }

        ManagedFields managed;
        try
        {
            managed = reset ? new ManagedFields() : ManagedFields.Decode(source);
        }
        catch (FormatException)
        {
            return;
        }

        managed.RemoveWhere(e => e.Identity != identity && IsOtherVersion(e.ApiVersion, context));
        foreach (var entry in managed.Entries)
        {
            entry.Fields = entry.Fields.Difference(changed).Difference(comparison.Removed);
        }

        if (!taken.IsEmpty)
        {
            var previous = managed.Find(identity)?.Fields ?? new FieldSet();
            managed.Set(new ManagedFieldsEntry(identity, context.ApiVersion, ManagedFields.FormatTime(context.Time), previous.Union(taken)));
        }

        managed.RemoveEmpty();
        managed.CapUpdateManagers(MaxUpdateManagers);
        managed.EncodeInto(newObj);
    }

    /// <summary>
    /// Server-side apply of <paramref name="config"/> by the context's field manager onto <paramref name="live"/> (null: create).
    /// The manager <c>kubectl</c> gets kube-apiserver's bridge from client-side apply: conflicts on fields its
    /// <c>last-applied-configuration</c> annotation still matches are taken over, and the annotation is kept in step.
    /// </summary>
    internal static JsonObject Apply(JsonObject? live, JsonObject config, PatchContext context)
    {
        var rules = TypeRuleSet.For(context);
        var force = context.Force == true;
        var result = TryApply(live, config, context, rules, force, out var conflicts);
        if (result is null && context.FieldManager == KubectlManager && LastApplied.OwnedFields(live, context, rules) is { } allowed)
        {
            conflicts = conflicts
                .Select(c => (c.Entry, Fields: c.Fields.Difference(allowed)))
                .Where(c => !c.Fields.IsEmpty)
                .ToList();
            if (conflicts.Count == 0)
            {
                result = TryApply(live, config, context, rules, force: true, out _);
            }
        }

        if (result is null)
        {
            throw ConflictError(conflicts);
        }

        if (context.FieldManager == KubectlManager)
        {
            LastApplied.Sync(result, config);
        }

        return result;
    }

    /// <summary>The applied object, or null with the conflicts that stop it.</summary>
    private static JsonObject? TryApply(
        JsonObject? live, JsonObject config, PatchContext context, TypeRuleSet rules, bool force, out List<(ManagedFieldsEntry Entry, FieldSet Fields)> conflicts)
    {
        var manager = context.FieldManager ?? string.Empty;
        ManagedFields managed;
        try
        {
            managed = ManagedFields.Decode((live?["metadata"] as JsonObject)?["managedFields"]);
        }
        catch (FormatException e)
        {
            throw PatchException.Internal($"failed to decode managed fields: {e.Message}");
        }

        var ignored = ResetFieldsOf(context);
        var liveObject = live ?? [];
        var configSet = ObjectFieldSets.Of(config, rules).RecursiveDifference(ignored);
        var merged = StructuredMerge.Merge(liveObject, config, rules);
        var identity = ManagerIdentity.Of(manager, ManagerIdentity.Apply, context.ApiVersion, context.Subresource);
        managed.RemoveWhere(e => e.Identity != identity && IsOtherVersion(e.ApiVersion, context));
        var previous = managed.Find(identity);
        var others = managed.Entries.Where(e => e.Identity != identity).ToList();

        if (previous is { Fields.IsEmpty: false })
        {
            Prune(merged, previous.Fields, others.Aggregate(configSet, (all, e) => all.Union(e.Fields)), rules);
        }

        var comparison = ObjectFieldSets.Compare(liveObject, merged, rules).Without(ignored);
        var changed = comparison.Changed;
        conflicts = others
            .Select(e => (Entry: e, Fields: e.Fields.Intersection(changed)))
            .Where(c => !c.Fields.IsEmpty)
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            return null;
        }

        foreach (var entry in others)
        {
            entry.Fields = entry.Fields.Difference(changed).Difference(comparison.Removed);
        }

        var objectChanged = !JsonNode.DeepEquals(liveObject, merged);
        var time = objectChanged || previous?.Time is null ? ManagedFields.FormatTime(context.Time) : previous.Time;
        managed.Set(new ManagedFieldsEntry(identity, context.ApiVersion, time, configSet.Difference(StrippedFields)));
        managed.RemoveEmpty();
        managed.EncodeInto(merged);
        return merged;
    }

    /// <summary>Removes what the applier applied last time and applies no more, unless some manager still owns it or something below it.</summary>
    private static void Prune(JsonObject merged, FieldSet lastApplied, FieldSet ownedNow, TypeRuleSet rules)
    {
        var owned = ownedNow.WithAncestors();
        var removed = new List<IReadOnlyList<string>>();
        foreach (var path in lastApplied.WithAncestors().Members())
        {
            if (owned.Contains(path) || removed.Any(r => IsPrefix(r, path)) || IsKeyOfItem(path))
            {
                continue;
            }

            StructuredMerge.Remove(merged, path, rules);
            removed.Add(path);
        }
    }

    /// <summary>True for a key field of an associative list item (<c>k:{"name":"a"}</c> then <c>f:name</c>): it stays while its item does.</summary>
    private static bool IsKeyOfItem(IReadOnlyList<string> path) =>
        path.Count >= 2 && path[^2].StartsWith("k:", StringComparison.Ordinal) && path[^1].StartsWith("f:", StringComparison.Ordinal)
        && JsonNode.Parse(path[^2][2..]) is JsonObject key && key.ContainsKey(path[^1][2..]);

    private static bool IsPrefix(IReadOnlyList<string> prefix, IReadOnlyList<string> path) =>
        prefix.Count <= path.Count && prefix.Select((e, i) => e == path[i]).All(same => same);

    /// <summary>
    /// Whether a manager recorded <paramref name="apiVersion"/> that kube's field manager drops on a write: one a built-in kind's
    /// scheme cannot convert its object to (a core/v1 Event's managers written through events.k8s.io/v1, and back).
    /// </summary>
    private static bool IsOtherVersion(JsonNode? apiVersion, PatchContext context) =>
        apiVersion is JsonValue value && value.TryGetValue<string>(out var text) && IsOtherVersion(text, context);

    private static bool IsOtherVersion(string apiVersion, PatchContext context) => context.IsBuiltIn && apiVersion != context.ApiVersion;

    private static PatchException ConflictError(List<(ManagedFieldsEntry Entry, FieldSet Fields)> conflicts)
    {
        var ordered = conflicts
            .OrderBy(c => c.Entry.Identity.Manager, StringComparer.Ordinal)
            .ThenBy(c => c.Entry.Identity.Operation, StringComparer.Ordinal)
            .ThenBy(c => c.Entry.Identity.ApiVersion, StringComparer.Ordinal)
            .Select(c => (Manager: c.Entry.Identity.Describe(), Paths: c.Fields.Members().Select(FieldPath.Describe).ToList()))
            .ToList();
        var causes = ordered.SelectMany(c => c.Paths.Select(p => new FieldError("FieldManagerConflict", p, $"conflict with {c.Manager}"))).ToList();
        string message;
        if (causes.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {ordered[0].Manager}: {causes[0].Field}";
        }
        else
        {
            var lines = ordered.SelectMany(c => c.Paths.Select(p => $"- {p}").Prepend($"conflicts with {c.Manager}:"));
            message = $"Apply failed with {causes.Count} conflicts: {string.Join('\n', lines)}";
        }

        return new PatchException(409, "Conflict", message, causes);
    }

    private static JsonObject ObjectMetadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        return metadata;
    }

    private static FieldSet ResetFieldsOf(PatchContext context)
    {
        var set = new FieldSet();
        foreach (var name in context.ResetFields)
        {
            set.Insert([FieldPath.Field(name)]);
        }

        return set;
    }

    private static FieldSet BuildStrippedFields()
    {
        var set = new FieldSet();
        set.Insert([FieldPath.Field("apiVersion")]);
        set.Insert([FieldPath.Field("kind")]);
        set.Insert([FieldPath.Field("metadata")]);
        foreach (var name in new[] { "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion" })
        {
            set.Insert([FieldPath.Field("metadata"), FieldPath.Field(name)]);
        }

        return set;
    }
}
