using System.Buffers;
using System.Text.Json;
using Harness.EnvTest.Core;
using Harness.EnvTest.Resources;
using k8s.Models;

namespace Harness.EnvTest.Discovery;

/// <summary>The discovery documents: <c>/version</c>, <c>/api</c>, <c>/apis</c>, group and group/version resource lists, aggregated discovery.</summary>
internal static class DiscoveryDocuments
{
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public static bool WantsAggregated(string? accept) =>
        accept is not null && Serialization.MediaType.ParseAccept(accept).FirstOrDefault() is { } first
        && first.Parameter("as") == "APIGroupDiscoveryList" && first.Parameter("g") == "apidiscovery.k8s.io" && first.Parameter("v") == "v2";

    public static byte[] Version() => Write(w =>
    {
        w.WriteString("major", "1");
        w.WriteString("minor", ApiServerConstants.GitVersion.Split('.')[1]);
        w.WriteString("gitVersion", ApiServerConstants.GitVersion);
        w.WriteString("gitCommit", "0000000000000000000000000000000000000000");
        w.WriteString("gitTreeState", "clean");
        w.WriteString("buildDate", "2024-12-11T00:00:00Z");
        w.WriteString("goVersion", "go1.23.4");
        w.WriteString("compiler", "gc");
        w.WriteString("platform", "linux/amd64");
    });

    public static byte[] RootPaths(RegistrySnapshot snapshot) => Write(w =>
    {
        w.WriteStartArray("paths");
        foreach (var path in new[] { "/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version" }
            .Concat(snapshot.Groups.SelectMany(g => g.Versions.Select(v => $"/apis/{g.Name}/{v}").Prepend($"/apis/{g.Name}")))
            .Order(StringComparer.Ordinal))
        {
            w.WriteStringValue(path);
        }

        w.WriteEndArray();
    });

    public static byte[] CoreVersions() => Write(w =>
    {
        w.WriteString("kind", "APIVersions");
        w.WriteStartArray("versions");
        w.WriteStringValue("v1");
        w.WriteEndArray();
        w.WriteStartArray("serverAddressByClientCIDRs");
        w.WriteStartObject();
        w.WriteString("clientCIDR", "0.0.0.0/0");
        w.WriteString("serverAddress", "127.0.0.1:6443");
        w.WriteEndObject();
        w.WriteEndArray();
    });

    public static byte[] GroupList(RegistrySnapshot snapshot) => Write(w =>
    {
        w.WriteString("kind", "APIGroupList");
        w.WriteString("apiVersion", "v1");
        w.WriteStartArray("groups");
        foreach (var group in snapshot.Groups)
        {
            w.WriteStartObject();
            WriteGroupBody(w, group);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static byte[]? Group(RegistrySnapshot snapshot, string name)
    {
        var group = snapshot.Groups.FirstOrDefault(g => g.Name == name);
        return group is null ? null : Write(w =>
        {
            w.WriteString("kind", "APIGroup");
            w.WriteString("apiVersion", "v1");
            WriteGroupBody(w, group);
        });
    }

    public static byte[]? ResourceList(RegistrySnapshot snapshot, string group, string version)
    {
        var entries = Entries(snapshot, group, version);
        if (entries is null)
        {
            return null;
        }

        return Write(w =>
        {
            w.WriteString("kind", "APIResourceList");
            w.WriteString("apiVersion", "v1");
            w.WriteString("groupVersion", group.Length == 0 ? version : group + "/" + version);
            w.WriteStartArray("resources");
            foreach (var entry in entries)
            {
                w.WriteStartObject();
                w.WriteString("name", entry.Name);
                w.WriteString("singularName", entry.SingularName ?? string.Empty);
                w.WriteBoolean("namespaced", entry.Namespaced);
                if (entry.Group is not null)
                {
                    w.WriteString("group", entry.Group);
                    w.WriteString("version", entry.Version);
                }

                w.WriteString("kind", entry.Kind);
                WriteStrings(w, "verbs", entry.Verbs);
                if (entry.ShortNames is { Count: > 0 })
                {
                    WriteStrings(w, "shortNames", entry.ShortNames);
                }

                if (entry.Categories is { Count: > 0 })
                {
                    WriteStrings(w, "categories", entry.Categories);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>The <c>apidiscovery.k8s.io/v2</c> APIGroupDiscoveryList of the core group (<c>/api</c>) or the named groups (<c>/apis</c>).</summary>
    public static byte[] Aggregated(RegistrySnapshot snapshot, bool core) => Write(w =>
    {
        w.WriteString("kind", "APIGroupDiscoveryList");
        w.WriteString("apiVersion", "apidiscovery.k8s.io/v2");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteStartArray("items");
        foreach (var group in core ? [new ApiGroupInfo(string.Empty, ["v1"])] : snapshot.Groups)
        {
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            w.WriteString("name", group.Name);
            w.WriteNull("creationTimestamp");
            w.WriteEndObject();
            w.WriteStartArray("versions");
            foreach (var version in group.Versions)
            {
                w.WriteStartObject();
                w.WriteString("version", version);
                w.WriteStartArray("resources");
                var entries = Entries(snapshot, group.Name, version) ?? [];
                foreach (var entry in entries.Where(e => !e.Name.Contains('/', StringComparison.Ordinal)))
                {
                    w.WriteStartObject();
                    w.WriteString("resource", entry.Name);
                    w.WriteStartObject("responseKind");
                    w.WriteString("group", group.Name);
                    w.WriteString("version", version);
                    w.WriteString("kind", entry.Kind);
                    w.WriteEndObject();
                    w.WriteString("scope", entry.Namespaced ? "Namespaced" : "Cluster");
                    w.WriteString("singularResource", entry.SingularName ?? string.Empty);
                    WriteStrings(w, "verbs", entry.Verbs);
                    if (entry.ShortNames is { Count: > 0 })
                    {
                        WriteStrings(w, "shortNames", entry.ShortNames);
                    }

                    if (entry.Categories is { Count: > 0 })
                    {
                        WriteStrings(w, "categories", entry.Categories);
                    }

                    var subresources = entries.Where(e => e.Name.StartsWith(entry.Name + "/", StringComparison.Ordinal)).ToList();
                    if (subresources.Count > 0)
                    {
                        w.WriteStartArray("subresources");
                        foreach (var sub in subresources)
                        {
                            w.WriteStartObject();
                            w.WriteString("subresource", sub.Name[(entry.Name.Length + 1)..]);
                            w.WriteStartObject("responseKind");
                            w.WriteString("group", sub.Group ?? group.Name);
                            w.WriteString("version", sub.Version ?? version);
                            w.WriteString("kind", sub.Kind);
                            w.WriteEndObject();
                            WriteStrings(w, "verbs", sub.Verbs);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("freshness", "Current");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>The APIResource entries of a group/version (resources, then their subresources), or null when it is not served.</summary>
    private static List<V1APIResource>? Entries(RegistrySnapshot snapshot, string group, string version)
    {
        if (snapshot.AggregatedResources(group, version) is { } aggregated)
        {
            return aggregated.ToList();
        }

        var resources = snapshot.InGroupVersion(group, version).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var entries = new List<V1APIResource>();
        foreach (var r in resources.OrderBy(r => r.Plural, StringComparer.Ordinal))
        {
            entries.Add(new V1APIResource
            {
                Name = r.Plural, SingularName = r.Singular, Namespaced = r.Namespaced, Kind = r.Kind,
                Verbs = r.Verbs.ToList(), ShortNames = r.ShortNames.ToList(), Categories = r.Categories.ToList(),
            });
            var subresources = new List<V1APIResource>();
            if (r.Plural == "namespaces" && r.Group.Length == 0)
            {
                subresources.Add(new V1APIResource { Name = "namespaces/finalize", SingularName = string.Empty, Namespaced = false, Kind = r.Kind, Verbs = ["update"] });
            }

            if (r.Plural == "pods" && r.Group.Length == 0)
            {
                subresources.Add(new V1APIResource { Name = "pods/binding", SingularName = string.Empty, Namespaced = true, Kind = "Binding", Verbs = ["create"] });
                subresources.Add(new V1APIResource { Name = "pods/eviction", SingularName = string.Empty, Namespaced = true, Group = "policy", Version = "v1", Kind = "Eviction", Verbs = ["create"] });
                subresources.Add(new V1APIResource { Name = "pods/log", SingularName = string.Empty, Namespaced = true, Kind = "Pod", Verbs = ["get"] });
                foreach (var (stream, kind) in new[] { ("attach", "PodAttachOptions"), ("exec", "PodExecOptions"), ("portforward", "PodPortForwardOptions") })
                {
                    subresources.Add(new V1APIResource { Name = "pods/" + stream, SingularName = string.Empty, Namespaced = true, Kind = kind, Verbs = ["create", "get"] });
                }

                subresources.Add(new V1APIResource { Name = "pods/proxy", SingularName = string.Empty, Namespaced = true, Kind = "PodProxyOptions", Verbs = ["create", "delete", "get", "patch", "update"] });
            }

            foreach (var part in r.Strategy?.PartSubresources.Keys ?? [])
            {
                subresources.Add(new V1APIResource { Name = r.Plural + "/" + part, SingularName = string.Empty, Namespaced = r.Namespaced, Kind = r.Kind, Verbs = ["get", "patch", "update"] });
            }

            if (r.HasStatus)
            {
                subresources.Add(new V1APIResource { Name = r.Plural + "/status", SingularName = string.Empty, Namespaced = r.Namespaced, Kind = r.Kind, Verbs = ["get", "patch", "update"] });
            }

            entries.AddRange(subresources.OrderBy(e => e.Name, StringComparer.Ordinal));
        }

        return entries;
    }

    private static void WriteGroupBody(Utf8JsonWriter w, ApiGroupInfo group)
    {
        w.WriteString("name", group.Name);
        w.WriteStartArray("versions");
        foreach (var version in group.Versions)
        {
            WriteVersion(w, group.Name, version);
        }

        w.WriteEndArray();
        w.WritePropertyName("preferredVersion");
        WriteVersion(w, group.Name, group.Versions[0]);
    }

    private static void WriteVersion(Utf8JsonWriter w, string group, string version)
    {
        w.WriteStartObject();
        w.WriteString("groupVersion", group + "/" + version);
        w.WriteString("version", version);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string>? values)
    {
        w.WriteStartArray(name);
        foreach (var value in values ?? [])
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonOutput.Writer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
