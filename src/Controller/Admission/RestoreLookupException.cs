namespace Harness.Controller.Admission;

/// <summary>A lookup of the restore rules that failed as virt-api's fails: the review answers an error with this text.</summary>
internal sealed class RestoreLookupException(string message) : Exception(message)
{
    /// <summary>client-go refuses to GET an empty name before sending anything.</summary>
    public static string RequireName(string? name) =>
        string.IsNullOrEmpty(name) ? throw new RestoreLookupException("resource name may not be empty") : name;
}
