using System.Collections;
using Cel.Internal;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// CEL's <c>+</c> as apiserver's values give it: when the left operand is an object's <c>x-kubernetes-list-type: set</c>
/// list, the union (its items in place, the right list's other items appended in order); a <c>map</c> list, the merge (its
/// items in place, each replaced by the right list's item with the same keys, the right list's other items appended); the
/// result is a list of the same type. Anything else adds as the <c>Cel</c> package does.
/// </summary>
internal static class CelListAddition
{
    /// <summary>The function <see cref="CelOperatorRewrite"/> puts in place of <c>+</c>.</summary>
    public const string FunctionName = "__harness_add__";

    public static void Register(Cel.CelEnvironment environment) =>
        environment.RegisterFunction(FunctionName, [typeof(object), typeof(object)], a => Add(a[0], a[1]));

    public static object? Add(object? left, object? right)
    {
        if (!CelListTypes.TryGetKeys(left, out var items, out var keys) || right is not IList other)
        {
            return ArithmeticFunctions.Add(left!, right!);
        }

        var result = keys.Length == 0 ? Union(items, other) : Merge(items, keys, other);
        CelListTypes.MarkAs(result, keys);
        return result;
    }

    private static object?[] Union(object?[] set, IList other)
    {
        var members = set.ToHashSet();
        var result = new List<object?>(set);
        foreach (var item in other)
        {
            if (members.Add(item))
            {
                result.Add(item);
            }
        }

        return [.. result];
    }

    private static object?[] Merge(object?[] list, string[] keys, IList other)
    {
        var result = new List<object?>(list);
        var positions = new Hashtable(StructuralComparisons.StructuralEqualityComparer);
        for (var i = 0; i < list.Length; i++)
        {
            positions[CelListTypes.KeyOf(list[i], keys)] = i;
        }

        foreach (var item in other)
        {
            var key = CelListTypes.KeyOf(item, keys);
            if (positions[key] is int position)
            {
                result[position] = item;
            }
            else
            {
                result.Add(item);
            }
        }

        return [.. result];
    }
}
