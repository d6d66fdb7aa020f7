namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>One <c>metadata.managedFields[]</c> entry: its owner, the version and time of its last change, and the fields it owns.</summary>
internal sealed class ManagedFieldsEntry(ManagerIdentity identity, string apiVersion, string? time, FieldSet fields)
{
    /// <summary>Who owns the entry.</summary>
    public ManagerIdentity Identity { get; } = identity;

    /// <summary>The <c>apiVersion</c> the fields are expressed in.</summary>
    public string ApiVersion { get; } = apiVersion;

    /// <summary>The <c>time</c> (RFC 3339, seconds), or null.</summary>
    public string? Time { get; } = time;

    /// <summary>The owned fields.</summary>
    public FieldSet Fields { get; set; } = fields;
}
