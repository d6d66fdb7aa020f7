using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;
using static Harness.EnvTest.Tables.PrinterCells;

namespace Harness.EnvTest.Tables;

/// <summary>kube-apiserver's printers for Leases, ControllerRevisions and admission webhook configurations.</summary>
internal static class ClusterPrinters
{
    public static TableConverter Leases { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Holder", Description: "The holder of a lease."),
            TableColumn.AgeColumn,
        ],
        (lease, now) => Row(Name(lease), JsonFields.String(JsonFields.Object(lease, "spec"), "holderIdentity") ?? string.Empty, Age(lease, now)));

    public static TableConverter ControllerRevisions { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Controller", Description: "Controller of the object"),
            new("Revision", Description: "Revision indicates the revision of the state represented by Data."),
            TableColumn.AgeColumn,
        ],
        (revision, now) => Row(Name(revision), Controller(revision), JsonFields.Integer(revision, "revision") ?? 0, Age(revision, now)));

    public static TableConverter WebhookConfigurations { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Webhooks", "integer", "Webhooks indicates the number of webhooks in the configuration."),
            TableColumn.AgeColumn,
        ],
        (configuration, now) => Row(Name(configuration), (long)JsonFields.Array(configuration, "webhooks").Count, Age(configuration, now)));

    /// <summary>The controller owner as <c>kind.group/name</c> (lowercase kind), or <c>&lt;none&gt;</c>.</summary>
    private static string Controller(JsonObject obj)
    {
        var owner = JsonFields.Array(JsonFields.Object(obj, "metadata"), "ownerReferences")
            .FirstOrDefault(o => o?["controller"] is JsonValue c && c.TryGetValue<bool>(out var controller) && controller);
        if (owner is null)
        {
            return "<none>";
        }

        var apiVersion = JsonFields.String(owner, "apiVersion") ?? string.Empty;
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
        var kind = JsonFields.String(owner, "kind") ?? string.Empty;
        return $"{(group.Length == 0 ? kind : kind + "." + group).ToLowerInvariant()}/{JsonFields.String(owner, "name")}";
    }
}
