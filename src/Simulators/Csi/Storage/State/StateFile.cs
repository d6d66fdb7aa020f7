using System.Text.Json;

namespace Harness.Simulators.Csi.Storage.State;

/// <summary>
/// The driver's state as one JSON file, replaced atomically (write a temporary file, then rename) after
/// every change, so a driver killed at any moment restarts from the last completed change.
/// </summary>
internal sealed class StateFile
{
    public const string FileName = "csi-driver-state.json";

    private readonly string path;

    public StateFile(string directory)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, FileName);
    }

    public string FilePath => path;

    public DriverStateDocument? Load()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        DriverStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllBytes(path), DriverStateJsonContext.Default.DriverStateDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"state file {path} is not valid JSON: {e.Message}", e);
        }

        if (document is null || document.Version != DriverStateDocument.CurrentVersion)
        {
            throw new InvalidDataException($"state file {path} has an unsupported version (expected {DriverStateDocument.CurrentVersion})");
        }

        return document;
    }

    public void Save(DriverStateDocument document)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, document, DriverStateJsonContext.Default.DriverStateDocument);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
