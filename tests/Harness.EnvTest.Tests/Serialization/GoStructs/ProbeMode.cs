namespace Harness.EnvTest.Tests.Serialization.GoStructs;

/// <summary>What a layout probe object holds (<see cref="ProbeObject"/>).</summary>
internal enum ProbeMode
{
    /// <summary>Every field set to a value that is not its zero value: the encoder writes them all, in Go's order.</summary>
    Full,

    /// <summary>Every scalar set to its zero value: the encoder writes back those of pointers and fields without <c>omitempty</c>.</summary>
    Zero,

    /// <summary>Every struct at one depth sent as <c>{}</c>: the encoder writes what an unset struct holds.</summary>
    Hollow,
}
