using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Tests.Manifests;

/// <summary>
/// Which JSON fields of the <see cref="ApiObject"/> models were read with a value. A field whose name the model
/// misspells would still round-trip (as an unknown field) but never be set: this finds it.
/// </summary>
internal sealed class ModelCoverage
{
    private readonly HashSet<(Type, string)> declared = [];
    private readonly HashSet<(Type, string)> set = [];

    public void Visit(object? value)
    {
        switch (value)
        {
            case ApiObject model:
                foreach (var property in Fields(model.GetType()))
                {
                    var field = (model.GetType(), property.Name);
                    declared.Add(field);
                    var child = property.GetValue(model);
                    if (child is not null)
                    {
                        set.Add(field);
                        Visit(child);
                    }
                }

                break;
            case string:
                break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    Visit(item);
                }

                break;
        }
    }

    public IEnumerable<string> NeverSet() => declared.Except(set).Select(f => $"{f.Item1.Name}.{f.Item2}").Order();

    private static IEnumerable<PropertyInfo> Fields(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);
}
