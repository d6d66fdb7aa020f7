namespace Harness.EnvTest.Core;

/// <summary>The parts of <c>metav1.DeleteOptions</c> the server honours (body or query parameters).</summary>
internal sealed record DeleteOptions(string? PropagationPolicy, bool? OrphanDependents, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun, long? GracePeriodSeconds = null);
