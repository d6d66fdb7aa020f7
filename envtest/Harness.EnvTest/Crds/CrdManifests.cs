using System.Reflection;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Crds;

/// <summary>
/// The CustomResourceDefinitions the harness installs into whichever API server it runs
/// (<c>envtest/crds/*.yaml</c>, embedded in this assembly): kubevirt.io, snapshot.kubevirt.io,
/// snapshot.storage.k8s.io, groupsnapshot.storage.k8s.io, cdi.kubevirt.io, instancetype.kubevirt.io and clone.kubevirt.io. The build embeds each manifest twice: as written, and as the JSON
/// it denotes (converted by <c>Harness.CrdJson</c> with <see cref="CrdYamlReader"/>), which is what the JSON readers load.
/// </summary>
public static class CrdManifests
{
    private const string Prefix = "crds/";

    private static readonly Assembly Assembly = typeof(CrdManifests).Assembly;

    private static readonly Lazy<IReadOnlyList<string>> ResourceNames = new(() => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray());

    /// <summary>The CRD names (<c>virtualmachinesnapshots.snapshot.kubevirt.io</c>, ...), in ordinal order.</summary>
    public static IReadOnlyList<string> Names => ResourceNames.Value.Select(n => n[Prefix.Length..^".yaml".Length]).ToArray();

    /// <summary>The manifest of one CRD as YAML text.</summary>
    /// <exception cref="KeyNotFoundException">No manifest has that name.</exception>
    public static string ReadYaml(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + name + ".yaml")
            ?? throw new KeyNotFoundException($"no CRD manifest named {name}; known: {string.Join(", ", Names)}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The manifest of one CRD as a fresh JSON object (the caller may change it).</summary>
    /// <exception cref="KeyNotFoundException">No manifest has that name.</exception>
    public static JsonObject ReadJson(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + name + ".json")
            ?? throw new KeyNotFoundException($"no CRD manifest named {name}; known: {string.Join(", ", Names)}");
        return JsonNode.Parse(stream)?.AsObject() ?? throw new InvalidDataException($"{name}: the embedded JSON is not an object");
    }

    /// <summary>Every manifest as a fresh JSON object, in <see cref="Names"/> order.</summary>
    public static IReadOnlyList<JsonObject> ReadAllJson() => Names.Select(ReadJson).ToArray();

    /// <summary>Every manifest as (name, YAML text), in <see cref="Names"/> order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadAllYaml()
        => Names.Select(n => new KeyValuePair<string, string>(n, ReadYaml(n))).ToArray();
}
