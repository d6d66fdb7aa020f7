namespace Harness.Simulators.KubeVirt.MemoryDumps;

/// <summary>A dump virt-launcher took into a memory-dump volume of a running VMI: the file, when, and why it failed.</summary>
/// <param name="FileName">The dump's file: <c>&lt;vmi&gt;-&lt;volume&gt;-&lt;yyyyMMdd-HHmmss&gt;.memory.dump</c>.</param>
/// <param name="Start">When the dump started (to the second).</param>
/// <param name="End">When it ended (to the second).</param>
/// <param name="Failure">Why it failed; null when the file was written.</param>
internal sealed record TakenMemoryDump(string FileName, DateTime Start, DateTime End, string? Failure);
