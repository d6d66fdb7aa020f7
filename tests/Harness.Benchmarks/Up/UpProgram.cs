using System.Diagnostics;

namespace Harness.Benchmarks.Up;

/// <summary>
/// A <c>harness</c> to start: this benchmark's own build (<c>dotnet harness.dll</c>, as <c>dotnet run</c> and the README
/// run it), or a published folder's <c>harness</c> executable (<c>dotnet publish src/Scenarios -p:PublishProfile=...</c>).
/// </summary>
internal sealed record UpProgram(string Label, string FileName, IReadOnlyList<string> LeadingArguments)
{
    public static UpProgram Build() =>
        new("build", Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "harness.dll")]);

    /// <summary>The <c>harness</c> executable of <paramref name="folder"/>, or null (and why on stderr) when there is none.</summary>
    public static UpProgram? Published(string folder)
    {
        var executable = Path.GetFullPath(Path.Combine(folder, "harness"));
        if (!File.Exists(executable))
        {
            Console.Error.WriteLine($"--published {folder}: no harness executable at {executable}; publish one with: dotnet publish src/Scenarios -p:PublishProfile=ReadyToRunComposite --ucr --self-contained");
            return null;
        }

        return new UpProgram("published", executable, []);
    }

    public string Description => string.Join(' ', [FileName, .. LeadingArguments]);

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in LeadingArguments.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
