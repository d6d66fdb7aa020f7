namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>
/// A range of costs, or of sizes (a string's characters, a list's items, a map's entries), as cel-go's estimator keeps
/// both: arithmetic that saturates at <see cref="ulong.MaxValue"/> instead of overflowing.
/// </summary>
internal readonly record struct CostRange(ulong Min, ulong Max)
{
    public static readonly CostRange Zero = new(0, 0);

    /// <summary>A size nothing bounds.</summary>
    public static readonly CostRange Unknown = new(0, ulong.MaxValue);

    public static CostRange Fixed(ulong value) => new(value, value);

    public CostRange Add(CostRange other) => new(Sum(Min, other.Min), Sum(Max, other.Max));

    public CostRange Multiply(CostRange other) => new(Product(Min, other.Min), Product(Max, other.Max));

    public CostRange Union(CostRange other) => new(Math.Min(Min, other.Min), Math.Max(Max, other.Max));

    /// <summary>Each bound times <paramref name="factor"/>, rounded up (a cost per character or per item).</summary>
    public CostRange Times(double factor) => new(Scale(Min, factor), Scale(Max, factor));

    private static ulong Sum(ulong x, ulong y) => y > 0 && x > ulong.MaxValue - y ? ulong.MaxValue : x + y;

    private static ulong Product(ulong x, ulong y) => y != 0 && x > ulong.MaxValue / y ? ulong.MaxValue : x * y;

    private static ulong Scale(ulong x, double factor)
    {
        double value = x;
        if (value > 0 && factor > 0 && value > ulong.MaxValue / factor)
        {
            return ulong.MaxValue;
        }

        var ceiling = Math.Ceiling(value * factor);
        return ceiling >= 18446744073709551616.0 ? ulong.MaxValue : (ulong)ceiling;
    }
}
