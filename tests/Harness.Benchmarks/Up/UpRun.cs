namespace Harness.Benchmarks.Up;

/// <summary>One <c>harness up</c> run, in ms: launch to ready, CPU of the process tree by then and of each program in it (harness,
/// harness-controller, harness-csi-driver), its child processes, SIGTERM to the process's exit and to everything gone
/// (infinite when something was still there 10 s later: <see cref="LeftBehind"/>).</summary>
internal sealed record UpRun(
    double Ready, double ReadyCpu, IReadOnlyDictionary<string, double> ProgramCpu, int Children, double Exit, double Stop, IReadOnlyList<string> LeftBehind);
