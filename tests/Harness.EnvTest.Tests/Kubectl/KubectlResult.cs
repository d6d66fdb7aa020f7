namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>What a kubectl run printed and how it exited.</summary>
internal sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
