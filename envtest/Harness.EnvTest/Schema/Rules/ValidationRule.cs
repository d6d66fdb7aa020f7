using Antlr4.Runtime.Tree;
using Cel;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>One compiled entry of a schema node's <c>x-kubernetes-validations</c>.</summary>
internal sealed class ValidationRule
{
    public required string Rule { get; init; }

    public required CelProgramDelegate Program { get; init; }

    /// <summary>The rule's parse tree, for counting an evaluation's actual cost.</summary>
    public required IParseTree Tree { get; init; }

    /// <summary>The most one evaluation can cost (cel-go's estimate); above the per-call limit, evaluations are counted.</summary>
    public ulong EstimatedCost { get; init; }

    public string Message { get; init; } = "";

    public string MessageExpression { get; init; } = "";

    public CelProgramDelegate? MessageProgram { get; init; }

    /// <summary>The messageExpression's parse tree, with <see cref="MessageProgram"/>.</summary>
    public IParseTree? MessageTree { get; init; }

    /// <summary>The most one evaluation of the messageExpression can cost; above the per-call limit, evaluations are counted.</summary>
    public ulong MessageEstimatedCost { get; init; }

    /// <summary><c>reason</c>: FieldValueInvalid (the default), FieldValueForbidden, FieldValueRequired or FieldValueDuplicate.</summary>
    public string? Reason { get; init; }

    /// <summary><c>fieldPath</c> as a path below the rule's node (<c>a.b</c>), empty when not given.</summary>
    public string FieldPath { get; init; } = "";

    public bool OptionalOldSelf { get; init; }

    /// <summary>Whether the rule is a transition rule: it names <c>oldSelf</c>, so it runs only on updates.</summary>
    public bool UsesOldSelf { get; init; }

    /// <summary>What kube names the rule by in errors: the message when there is one, else the rule.</summary>
    public string ErrorString => Message.Trim().Length > 0 ? Message.Trim() : Rule.Trim();

    /// <summary>The failure's detail when no messageExpression gives one.</summary>
    public string DefaultMessage => Message.Length > 0 ? Message.Trim() : "failed rule: " + ErrorString;
}
