namespace Harness.EnvTest.Selectors;

/// <summary>A selector that cannot be parsed; the message is kube's.</summary>
internal sealed class SelectorException(string message) : Exception(message);
