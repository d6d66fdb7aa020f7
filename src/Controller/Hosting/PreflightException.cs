namespace Harness.Controller.Hosting;

/// <summary>Bad input found before the process acts: the message says what is wrong; the process exits 1.</summary>
public sealed class PreflightException(string message, Exception? inner = null) : Exception(message, inner);
