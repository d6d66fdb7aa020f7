namespace Harness.EnvTest.Selectors;

/// <summary>One clause of a label selector.</summary>
internal sealed record LabelRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var has = labels is not null && labels.TryGetValue(Key, out value);
        return Operator switch
        {
            SelectorOperator.Exists => has,
            SelectorOperator.DoesNotExist => !has,
            SelectorOperator.Equals or SelectorOperator.In => has && Values.Contains(value!),
            _ => !has || !Values.Contains(value!),
        };
    }
}
