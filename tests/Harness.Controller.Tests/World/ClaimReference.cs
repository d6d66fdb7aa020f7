namespace Harness.Controller.Tests.World;

/// <summary>A claim in a namespace, as a DataVolume's <c>source.pvc</c> names it.</summary>
internal sealed record ClaimReference(string Namespace, string Name);
