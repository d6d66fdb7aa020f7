namespace Harness.EnvTest.Serialization.GoStructs;

/// <summary>
/// The Go structs of the built-in kinds, keyed by KubernetesClient's model name (<c>V1PodSpec</c>), read from the embedded
/// table <c>GoStructs/layouts.txt</c>. The table is what kube-apiserver 1.32.6 itself writes (<c>GoStructLayoutTableTests</c>
/// reads it off the real binary and fails when they differ).
/// </summary>
internal static class GoStructLayouts
{
    public const string ResourceName = "GoStructs/layouts.txt";

    private static readonly Lazy<IReadOnlyDictionary<string, GoStructLayout>> Table = new(Load);

    public static IReadOnlyDictionary<string, GoStructLayout> All => Table.Value;

    public static GoStructLayout? Of(string modelName) => Table.Value.GetValueOrDefault(modelName);

    /// <summary>Reads table lines (<c>Model field field* field!json</c>; <c>#</c> starts a comment line).</summary>
    public static IReadOnlyDictionary<string, GoStructLayout> Parse(TextReader reader)
    {
        var table = new Dictionary<string, GoStructLayout>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            table[tokens[0]] = GoStructLayout.Parse(tokens.Skip(1));
        }

        return table;
    }

    private static IReadOnlyDictionary<string, GoStructLayout> Load()
    {
        using var stream = typeof(GoStructLayouts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"missing embedded resource {ResourceName}");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
