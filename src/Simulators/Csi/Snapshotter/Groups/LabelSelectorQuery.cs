using k8s.Models;

namespace Harness.Simulators.Csi.Snapshotter.Groups;

/// <summary>A label selector as the <c>labelSelector</c> query of a list: <c>k=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>.</summary>
internal static class LabelSelectorQuery
{
    public static string Of(V1LabelSelector selector)
    {
        var labels = (selector.MatchLabels ?? new Dictionary<string, string>())
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}={l.Value}");
        var expressions = (selector.MatchExpressions ?? []).Select(e => e.OperatorProperty switch
        {
            "In" => $"{e.Key} in ({string.Join(",", e.Values ?? [])})",
            "NotIn" => $"{e.Key} notin ({string.Join(",", e.Values ?? [])})",
            "Exists" => e.Key,
            "DoesNotExist" => "!" + e.Key,
            _ => throw new ArgumentException($"label selector operator {e.OperatorProperty} is not one of In, NotIn, Exists, DoesNotExist", nameof(selector)),
        });
        return string.Join(",", labels.Concat(expressions));
    }
}
