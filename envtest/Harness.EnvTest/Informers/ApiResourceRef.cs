namespace Harness.EnvTest.Informers;

/// <summary>A served resource as discovery lists it: group, version (the group's preferred one), plural, kind, scope.</summary>
public sealed record ApiResourceRef(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>The <c>apiVersion</c> of its objects.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;
}
