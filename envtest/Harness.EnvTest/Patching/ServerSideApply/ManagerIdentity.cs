namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>
/// Who owns a managed fields entry, as apimachinery's <c>BuildManagerIdentifier</c> tells entries
/// apart: an applier is one entry whatever version it applies; an updater is one entry per API version.
/// </summary>
internal sealed record ManagerIdentity(string Manager, string Operation, string? ApiVersion, string? Subresource)
{
    /// <summary>The <c>Apply</c> operation.</summary>
    public const string Apply = "Apply";

    /// <summary>The <c>Update</c> operation.</summary>
    public const string Update = "Update";

    /// <summary>The identity of an entry.</summary>
    public static ManagerIdentity Of(string manager, string operation, string apiVersion, string? subresource) =>
        new(manager, operation, operation == Apply ? null : apiVersion, string.IsNullOrEmpty(subresource) ? null : subresource);

    /// <summary>The manager as conflict messages print it (<c>"kubectl" using v1</c>, <c>"ctl" with subresource "status"</c>).</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (Subresource is not null)
        {
            text += $" with subresource \"{Subresource}\"";
        }

        return Operation == Update ? $"{text} using {ApiVersion}" : text;
    }
}
