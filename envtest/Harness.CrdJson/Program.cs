using Harness.EnvTest.Crds;

// Usage: Harness.CrdJson OUTPUT-FOLDER MANIFEST.yaml...
// Writes OUTPUT-FOLDER/NAME.json for each MANIFEST (NAME.yaml): the JSON the YAML denotes, as CrdYamlReader reads it.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Harness.CrdJson OUTPUT-FOLDER MANIFEST.yaml...");
    return 2;
}

Directory.CreateDirectory(args[0]);
foreach (var manifest in args[1..])
{
    try
    {
        var json = CrdYamlReader.ReadObject(File.ReadAllText(manifest), manifest);
        File.WriteAllText(Path.Combine(args[0], Path.GetFileNameWithoutExtension(manifest) + ".json"), json.ToJsonString());
    }
    catch (Exception e) when (e is InvalidDataException or IOException)
    {
        Console.Error.WriteLine($"{manifest}: error CRDJSON: {e.Message}");
        return 1;
    }
}

return 0;
