namespace Harness.EnvTest.Loading;

/// <summary>Why a dump cannot be loaded: what is wrong, and where (a file, or a file's position).</summary>
public sealed record ObjectLoadError(string Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}
