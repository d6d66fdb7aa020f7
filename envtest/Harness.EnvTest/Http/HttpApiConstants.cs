namespace Harness.EnvTest.Http;

/// <summary>Limits and fixed bodies of the HTTP front, as kube-apiserver has them.</summary>
internal static class HttpApiConstants
{
    /// <summary>kube-apiserver's <c>MaxRequestBodyBytes</c>: 3 MiB.</summary>
    public const int MaxRequestBodyBytes = 3 * 1024 * 1024;

    public const string JsonContentType = "application/json";

    public static readonly ReadOnlyMemory<byte> UnauthorizedBody =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"""u8.ToArray();

    public static readonly ReadOnlyMemory<byte> RequestEntityTooLargeBody =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Request entity too large: limit is 3145728","reason":"RequestEntityTooLarge","code":413}"""u8.ToArray();
}
