using Harness.Scenarios.Cli;

namespace Harness.Scenarios.Tests.Cli;

public sealed class HarnessCommandLineTests
{
    [Theory]
    [InlineData("up --port 70000", "--port must be a number from 0 to 65535, not '70000'")]
    [InlineData("up --port -1", "--port must be a number from 0 to 65535, not '-1'")]
    [InlineData("up --port abc", "--port must be a number from 0 to 65535, not 'abc'")]
    [InlineData("up --controller elsewhere", "--controller must be in-process, process or none, not 'elsewhere'")]
    [InlineData("up --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("down", "Unrecognized command or argument 'down'")]
    public async Task RunAsync_BadArguments_PrintsWhyAndReturnsNonZero(string arguments, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await HarnessCommandLine.RunAsync(arguments.Split(' '), [], output, error);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error.ToString());
        Assert.DoesNotContain("ready", output.ToString().Split('\n').Select(line => line.Trim()));
    }

    [Fact]
    public async Task RunAsync_UpHelp_DescribesTheOptions()
    {
        using var output = new StringWriter();

        var exitCode = await HarnessCommandLine.RunAsync(["up", "--help"], [], output, TextWriter.Null);

        Assert.Equal(0, exitCode);
        Assert.Contains("--kubeconfig <PATH>", output.ToString());
        Assert.Contains("--port <N>", output.ToString());
        Assert.Contains("--controller <in-process|process|none>", output.ToString());
    }
}
