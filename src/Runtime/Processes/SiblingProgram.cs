using System.Diagnostics;

namespace Harness.Runtime;

/// <summary>
/// How to start another program of this application's folder (<c>harness-controller</c>, <c>harness-csi-driver</c>,
/// <c>harness-guest-agent</c>): from a build output, through the dotnet host (<c>dotnet NAME.dll</c>; under
/// <c>dotnet test</c> the host of <c>DOTNET_HOST_PATH</c>), or its Native AOT executable <c>native/NAME</c> where a
/// build with <c>-p:NativeAot=true</c> put one; from a self-contained publish, which carries its runtime and may run
/// where no dotnet is installed, as its own executable.
/// </summary>
public static class SiblingProgram
{
    /// <summary>A start of <paramref name="name"/> (the program's name, no <c>.dll</c>) without further arguments or redirections.</summary>
    public static ProcessStartInfo StartInfo(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (IsSelfContained)
        {
            return new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, name));
        }

        var native = Path.Combine(AppContext.BaseDirectory, "native", name);
        if (File.Exists(native))
        {
            return new ProcessStartInfo(native);
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, name + ".dll"));
        return start;
    }

    // Only a self-contained application has the runtime's own assemblies in its folder.
    private static bool IsSelfContained =>
        string.Equals(Path.GetDirectoryName(typeof(object).Assembly.Location), Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), StringComparison.Ordinal);
}
