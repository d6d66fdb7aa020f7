namespace Harness.EnvTest.Loading;

/// <summary>Where an object of a dump was read: the file, and the line and column its mapping starts at (from 1).</summary>
public sealed record ObjectSource(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
