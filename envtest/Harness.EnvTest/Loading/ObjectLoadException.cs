namespace Harness.EnvTest.Loading;

/// <summary>A dump that cannot be loaded, with every reason found; nothing of it was loaded.</summary>
public sealed class ObjectLoadException : Exception
{
    public ObjectLoadException(IReadOnlyList<ObjectLoadError> errors)
        : base(string.Join(System.Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ObjectLoadException()
        : this([])
    {
    }

    public ObjectLoadException(string message)
        : this([new ObjectLoadError("dump", message)])
    {
    }

    public ObjectLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ObjectLoadError("dump", message)];
    }

    public IReadOnlyList<ObjectLoadError> Errors { get; }
}
