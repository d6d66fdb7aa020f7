using System.Globalization;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>
/// apiextensions-apiserver's budgets for the estimated cost of a CRD's CEL expressions: each rule (times how often it can
/// run) and each messageExpression within <see cref="PerExpression"/>, all of them together within <see cref="PerSchema"/>.
/// Collects one schema's costs and answers kube's errors for those over budget.
/// </summary>
internal sealed class CostBudget
{
    public const ulong PerExpression = 10_000_000;

    public const ulong PerSchema = 100_000_000;

    private const int MostExpensiveKept = 4;

    private readonly List<(string Path, ulong Cost)> _mostExpensive = [];
    private ulong _total;

    /// <summary>The costs observed, added up (saturating).</summary>
    public ulong Total => _total;

    /// <summary>Adds an expression's cost to the schema's total, and answers its error when it is over <see cref="PerExpression"/>.</summary>
    public FieldError? Observe(string path, string costName, ulong cost)
    {
        _total = _total > ulong.MaxValue - cost ? ulong.MaxValue : _total + cost;
        if (cost >= PerSchema / 100)
        {
            _mostExpensive.Add((path, cost));
            var ordered = _mostExpensive.OrderByDescending(e => e.Cost).Take(MostExpensiveKept).ToList();
            _mostExpensive.Clear();
            _mostExpensive.AddRange(ordered);
        }

        return cost > PerExpression ? FieldErrors.Forbidden(path, Exceeded(costName, cost, PerExpression)) : null;
    }

    /// <summary>When the total is over <see cref="PerSchema"/>: an error for each of the most expensive expressions, then one for the schema at <paramref name="schemaPath"/>.</summary>
    public IEnumerable<FieldError> TotalErrors(string schemaPath)
    {
        if (_total <= PerSchema)
        {
            yield break;
        }

        foreach (var (path, _) in _mostExpensive)
        {
            yield return FieldErrors.Forbidden(path, "contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema");
        }

        yield return FieldErrors.Forbidden(schemaPath, Exceeded("x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema", _total, PerSchema));
    }

    /// <summary><paramref name="cost"/> times <paramref name="cardinality"/>, saturating; a cost of 0 stays 0.</summary>
    public static ulong Times(ulong cost, ulong cardinality) =>
        cost == 0 ? 0 : ulong.MaxValue / cost < cardinality ? ulong.MaxValue : cost * cardinality;

    private static string Exceeded(string costName, ulong cost, ulong limit)
    {
        var factor = (double)cost / limit;
        var shown = factor > 100 ? "more than 100x"
            : factor < 1.5 ? factor.ToString("F6", CultureInfo.InvariantCulture) + "x"
            : factor.ToString("F1", CultureInfo.InvariantCulture) + "x";
        return $"{costName} exceeds budget by factor of {shown} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)";
    }
}
