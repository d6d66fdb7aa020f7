namespace Harness.Scenarios.Tests.Reproducing;

/// <summary>The dumps of these tests (files beside this one, copied to the output) and a folder to write others in.</summary>
internal sealed class Dumps : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("harness-reproduce-test-");

    /// <summary>A stopped VM <c>apps/larry</c> on a bound claim (CSI volume <c>vol-adopted-1</c>) and a snapshot of it that nothing has reconciled.</summary>
    public static string StoppedVmWithSnapshot => Path.Combine(AppContext.BaseDirectory, "Reproducing", "dump.yaml");

    /// <summary>A ValidatingWebhookConfiguration refusing every VolumeSnapshot creation (its service unreachable, failurePolicy Fail).</summary>
    public static string DenyingWebhook => Path.Combine(AppContext.BaseDirectory, "Reproducing", "webhook.yaml");

    public string Folder => folder.FullName;

    /// <summary>Writes <paramref name="text"/> at <paramref name="relativePath"/> below <see cref="Folder"/>; returns the full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(folder.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => folder.Delete(recursive: true);
}
