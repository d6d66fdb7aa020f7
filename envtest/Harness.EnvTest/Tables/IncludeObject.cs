namespace Harness.EnvTest.Tables;

/// <summary>The <c>includeObject</c> parameter of Table requests: what each row carries.</summary>
internal enum IncludeObject
{
    None,
    Metadata,
    Object,
}
