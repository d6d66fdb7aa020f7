using System.Collections;
using System.Reflection;
using Cel;
using Cel.Internal;
using Google.Protobuf.Reflection;
using Harness.EnvTest.Schema.Rules.Library;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// CEL's <c>==</c> as apiserver's values give it: a list of an object's <c>x-kubernetes-list-type: set</c> compares with the
/// other list as a set, one of <c>x-kubernetes-list-type: map</c> by its items' keys (an item of the other list equals the
/// item with its keys); the left operand decides, as cel-go asks the left value's <c>Equal</c>, so a literal list on the
/// left compares in order. Lists and maps compare their members by the same rule; scalars as the <c>Cel</c> package does.
/// </summary>
internal static class CelEquality
{
    /// <summary>The function <see cref="CelOperatorRewrite"/> puts in place of <c>==</c> and <c>!=</c>.</summary>
    public const string FunctionName = "__harness_equals__";

    private static readonly PropertyInfo? MissingFieldMessage = typeof(CelEnvironment).Assembly.GetType("Cel.Internal.CelNoSuchField")?.GetProperty("Message");

    public static void Register(CelEnvironment environment) =>
        environment.RegisterFunction(FunctionName, [typeof(object), typeof(object)], a => Equal(Present(a[0]), Present(a[1])));

    public static bool Equal(object? left, object? right)
    {
        switch (left)
        {
            case object?[] when right is IList other && CelListTypes.TryGetKeys(left, out var keyed, out var keys):
                return keyed.Length == other.Count && (keys.Length == 0 ? SetContainsAll(keyed, other) : MapMatchesAll(keyed, keys, other));
            case IList list when right is IList other:
                return list.Count == other.Count && Enumerable.Range(0, list.Count).All(i => Equal(list[i], other[i]));
            case IDictionary map when right is IDictionary other:
                return map.Count == other.Count && map.Keys.Cast<object>().All(k => other.Contains(k) && Equal(map[k], other[k]));
            case CelQuantity quantity when quantity.EqualsOperand(right) is { } equal:
                return equal;
            case CelIp or CelCidr or CelUrl when right?.GetType() == left.GetType():
                return left.Equals(right);
            default:
                return CompareFunctions.Compare(left, right, TypeRegistry.Empty) == 0;
        }
    }

    private static bool SetContainsAll(object?[] set, IList other)
    {
        var members = set.ToHashSet();
        return other.Cast<object?>().All(members.Contains);
    }

    private static bool MapMatchesAll(object?[] list, string[] keys, IList other)
    {
        var byKey = new Hashtable(StructuralComparisons.StructuralEqualityComparer);
        foreach (var item in list)
        {
            var key = CelListTypes.KeyOf(item, keys);
            if (!byKey.ContainsKey(key))
            {
                byKey[key] = item;
            }
        }

        return other.Cast<object?>().All(item => CelListTypes.KeyOf(item, keys) is var key && byKey.ContainsKey(key) && Equal(byKey[key], item));
    }

    /// <summary>An operand that selected a missing field fails as the <c>Cel</c> package's own <c>==</c> does.</summary>
    private static object? Present(object? value) =>
        value is not null && MissingFieldMessage?.DeclaringType == value.GetType()
            ? throw new CelNoSuchFieldException((string?)MissingFieldMessage.GetValue(value))
            : value;
}
