using System.Diagnostics;

namespace Harness.Benchmarks;

/// <summary>How to start this benchmark program again, as a child process.</summary>
internal static class ThisProgram
{
    /// <summary>This program's host (and assembly, when run through <c>dotnet</c>), arguments to be added.</summary>
    public static ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("no process path"));
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ThisProgram).Assembly.Location);
        }

        return start;
    }
}
