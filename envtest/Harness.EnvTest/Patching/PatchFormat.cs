namespace Harness.EnvTest.Patching;

/// <summary>The PATCH content types kube-apiserver accepts.</summary>
public enum PatchFormat
{
    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    JsonPatch,

    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    MergePatch,

    /// <summary><c>application/strategic-merge-patch+json</c> (built-in types only).</summary>
    StrategicMergePatch,

    /// <summary><c>application/apply-patch+yaml</c> (server-side apply).</summary>
    ApplyPatch,
}
