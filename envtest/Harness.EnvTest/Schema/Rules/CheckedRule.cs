using Antlr4.Runtime.Tree;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// What <see cref="RuleTypeChecker"/> found of an expression: cel-go's error report (null when it checks), the
/// expression's type and the type of each of its parse-tree nodes.
/// </summary>
internal sealed record CheckedRule(string? Errors, CelType Type, IReadOnlyDictionary<IParseTree, CelType> Types)
{
    /// <summary>Whether the type is known and not a bool (a rule's value must be one).</summary>
    public bool IsKnownNonBool => Type.Kind is not (CelTypeKind.Dyn or CelTypeKind.Error or CelTypeKind.Bool);
}
