namespace Harness.Scenarios.Cli;

/// <summary>What <c>harness up</c> was asked to run beside the API server.</summary>
/// <param name="Controller">Whether the <c>harness-controller</c> process runs (<c>--controller process</c>) or not (<c>none</c>: bring your own).</param>
public sealed record UpSettings(UpController Controller);
