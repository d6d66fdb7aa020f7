namespace Harness.EnvTest.Errors;

/// <summary><c>status.details</c>: what the failure is about.</summary>
internal sealed record StatusDetails(string? Name, string? Group, string? Kind, IReadOnlyList<StatusCause>? Causes = null, int? RetryAfterSeconds = null);
