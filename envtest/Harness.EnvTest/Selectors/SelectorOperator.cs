namespace Harness.EnvTest.Selectors;

/// <summary>Label selector operators.</summary>
internal enum SelectorOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
