using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Serialization;

namespace Harness.Controller.Hosting;

/// <summary>
/// Reads a kubeconfig as <see cref="KubernetesClientConfiguration.BuildConfigFromConfigFile(string, string, string, bool)"/>
/// does, but a JSON one (as <c>harness up</c>'s API server writes it; kubectl reads JSON kubeconfigs too, YAML being a
/// superset of JSON) without KubernetesClient's YAML loader, whose first use costs a fresh process a quarter of a
/// second of CPU on <c>harness up</c>'s critical path (docs/performance.md, "Start, fourth pass"). The JSON is
/// read into KubernetesClient's own model under the names its YAML loader uses (the model's <see cref="YamlMemberAttribute"/>
/// aliases) and turned into a configuration by KubernetesClient; a file that is not JSON goes to the YAML loader.
/// </summary>
internal static class KubeconfigReader
{
    private static readonly JsonTypeInfo<K8SConfiguration> Model = (JsonTypeInfo<K8SConfiguration>)new JsonSerializerOptions
    {
        // Reflection metadata: the model's dynamic extension values defeat System.Text.Json's source generator.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NameAsTheYamlLoader } },
    }.GetTypeInfo(typeof(K8SConfiguration));

    public static KubernetesClientConfiguration Read(string path)
    {
        if (File.Exists(path) && TryReadJson(path) is { } model)
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(model);
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
    }

    private static K8SConfiguration? TryReadJson(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = bytes.AsSpan(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);
        if (!text.TrimStart(" \t\r\n"u8).StartsWith("{"u8))
        {
            return null;
        }

        try
        {
            var model = JsonSerializer.Deserialize(text, Model);
            if (model is not null)
            {
                // Relative certificate and key paths are relative to the kubeconfig's folder, as the YAML loader has them.
                model.FileName = Path.GetFullPath(path);
            }

            return model;
        }
        catch (JsonException)
        {
            // A YAML flow mapping that is not JSON: the YAML loader reads it.
            return null;
        }
    }

    private static void NameAsTheYamlLoader(JsonTypeInfo type)
    {
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            var member = type.Properties[i].AttributeProvider as MemberInfo;
            if (member?.GetCustomAttribute<YamlIgnoreAttribute>() is not null)
            {
                type.Properties.RemoveAt(i);
            }
            else if (member?.GetCustomAttribute<YamlMemberAttribute>()?.Alias is { } alias)
            {
                type.Properties[i].Name = alias;
            }
        }
    }
}
