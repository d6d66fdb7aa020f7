namespace Harness.EnvTest.Errors;

/// <summary>One entry of <c>status.details.causes[]</c>.</summary>
internal sealed record StatusCause(string Reason, string Message, string? Field);
