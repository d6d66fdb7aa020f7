namespace Harness.Controller.Restores;

/// <summary>A restore step cannot go on; the message is the reason the restore's conditions show (§3.9). Retried with back-off.</summary>
internal sealed class RestoreException(string message) : Exception(message);
