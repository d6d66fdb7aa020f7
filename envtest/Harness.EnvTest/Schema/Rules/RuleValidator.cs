using System.Text.Json.Nodes;
using Antlr4.Runtime.Tree;
using Cel;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema.Rules.Cost;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// Evaluates the <c>x-kubernetes-validations</c> of a custom object as apiextensions-apiserver's CEL validator does: each
/// node's rules see the node as <c>self</c>; transition rules (naming <c>oldSelf</c>) run only where the old object has a
/// value at the same place (through object fields, map keys and the keys of <c>x-kubernetes-list-type: map</c> lists) unless
/// <c>optionalOldSelf</c>; a failed rule whose value did not change in an update is a warning, not an error (ratcheting).
/// </summary>
internal sealed class RuleValidator
{
    private readonly FieldPathBuilder _path = new();
    private readonly List<FieldError> _errors;
    private readonly ICollection<string> _warnings;
    private readonly bool _countEvery;
    private const string RuleOverBudget = "validation failed due to running out of cost budget, no further validation rules will be run";

    private const string MessageOverBudget = "messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run";

    private ulong _remainingCost = RuleCostCounter.RequestBudget;
    private bool _stopped;

    private RuleValidator(List<FieldError> errors, ICollection<string> warnings, bool countEvery)
    {
        _errors = errors;
        _warnings = warnings;
        _countEvery = countEvery;
    }

    /// <summary>
    /// Validates <paramref name="obj"/>'s rules. Evaluations are counted (<see cref="RuleCostCounter"/>) where they could
    /// pass kube's limits: a rule estimated above the per-call limit, and every rule of a schema whose estimated total is
    /// above the request's budget; a count over either stops all further rules with kube's error.
    /// </summary>
    public static void Validate(SchemaNode root, JsonObject obj, JsonObject? old, List<FieldError> errors, ICollection<string> warnings) =>
        new RuleValidator(errors, warnings, root.EstimatedRulesCost > RuleCostCounter.RequestBudget)
            .Visit(root, obj, old, unchanged: old is not null && JsonNode.DeepEquals(obj, old), isResourceRoot: true);

    private void Visit(SchemaNode node, JsonNode? value, JsonNode? old, bool unchanged, bool isResourceRoot)
    {
        if (value is null || _stopped)
        {
            return;
        }

        if (node.Rules.Length > 0)
        {
            Evaluate(node, value, old, unchanged, isResourceRoot);
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var property = node.Properties is not null && node.Properties.TryGetValue(key, out var p) ? p : null;
                    if ((property ?? node.AdditionalProperties) is { RulesBelow: true } childNode)
                    {
                        var oldChild = (old as JsonObject)?[key];
                        var mark = property is null ? _path.PushKey(key) : _path.PushField(key);
                        Visit(childNode, child, oldChild, oldChild is null ? unchanged : JsonNode.DeepEquals(child, oldChild), childNode.EmbeddedResource);
                        _path.Pop(mark);
                    }
                }

                break;
            case JsonArray array when node.Items is { RulesBelow: true } items:
                for (var i = 0; i < array.Count; i++)
                {
                    var oldItem = node.ListType == "map" ? MapListItem(old as JsonArray, array[i], node.ListMapKeys) : null;
                    var mark = _path.PushIndex(i);
                    Visit(items, array[i], oldItem, oldItem is null ? unchanged : JsonNode.DeepEquals(array[i], oldItem), items.EmbeddedResource);
                    _path.Pop(mark);
                }

                break;
        }
    }

    private static JsonNode? MapListItem(JsonArray? old, JsonNode? item, string[] keys) =>
        old?.FirstOrDefault(candidate => candidate is JsonObject o && item is JsonObject n && keys.All(k => JsonNode.DeepEquals(o[k], n[k])));

    private void Evaluate(SchemaNode node, JsonNode value, JsonNode? old, bool unchanged, bool isResourceRoot)
    {
        var self = CelValues.From(value, node, isResourceRoot);
        object? oldSelf = null;
        var path = _path.ToString();
        var type = node.Type;
        foreach (var rule in node.Rules)
        {
            if (rule.UsesOldSelf && old is null && !rule.OptionalOldSelf)
            {
                continue;
            }

            var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = self };
            if (rule.UsesOldSelf)
            {
                oldSelf ??= old is null ? null : CelValues.From(old, node, isResourceRoot);
                variables["oldSelf"] = !rule.OptionalOldSelf ? oldSelf : old is null ? CelOptional.None : new CelOptional(oldSelf, true);
            }

            if ((_countEvery || rule.EstimatedCost > RuleCostCounter.PerCallLimit)
                && OverCostLimits(rule.Tree, rule.Rule, variables, limit => $"'{limit}': no further validation rules will be run due to call cost exceeds limit for rule: {rule.ErrorString}", RuleOverBudget) is { } exceeded)
            {
                _errors.Add(FieldErrors.Invalid(Shown(path), type, exceeded));
                _stopped = true;
                return;
            }

            object? result;
            try
            {
                result = rule.Program.Invoke(variables);
            }
            catch (Exception e) when (e is CelException or ArgumentException or InvalidOperationException or InvalidCastException)
            {
                var detail = RuleFailure.IsNoSuchOverload(e)
                    ? $"'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {rule.ErrorString}"
                    : $"{RuleFailure.Text(e)} evaluating rule: {rule.ErrorString}";
                _errors.Add(FieldErrors.Invalid(Shown(path), type, detail));
                continue;
            }

            if (result is true)
            {
                continue;
            }

            if (result is not false)
            {
                _errors.Add(FieldErrors.Invalid(Shown(path), type, $"cel expression must evaluate to a bool evaluating rule: {rule.ErrorString}"));
                continue;
            }

            var field = rule.FieldPath.Length == 0 ? Shown(path) : path.Length == 0 ? rule.FieldPath : path + "." + rule.FieldPath;
            var ratchets = !rule.UsesOldSelf && unchanged;
            if (rule.MessageTree is { } message && (_countEvery || rule.MessageEstimatedCost > RuleCostCounter.PerCallLimit)
                && OverCostLimits(message, rule.MessageExpression, variables, _ => $"no further validation rules will be run due to call cost exceeds limit for messageExpression: {GoValueFormat.Quote(rule.MessageExpression)}", MessageOverBudget) is { } messageExceeded)
            {
                Add(FieldErrors.Invalid(field, type, messageExceeded), ratchets);
                _stopped = true;
                return;
            }

            var detailText = Message(rule, variables) ?? rule.DefaultMessage;
            var error = rule.Reason switch
            {
                "FieldValueForbidden" => FieldErrors.Forbidden(field, detailText),
                "FieldValueRequired" => FieldErrors.Required(field, detailText),
                "FieldValueDuplicate" => FieldErrors.Duplicate(field, GoValueFormat.Quote(type)),
                _ => FieldErrors.Invalid(field, type, detailText),
            };
            Add(error, ratchets);
        }
    }

    /// <summary>A failed rule's error; a warning instead when the update left the value unchanged (ratcheting).</summary>
    private void Add(FieldError error, bool ratchets)
    {
        if (ratchets)
        {
            _warnings.Add($"{error.Field}: {error.Message}");
        }
        else
        {
            _errors.Add(error);
        }
    }

    /// <summary>
    /// Counts an evaluation of <paramref name="tree"/> against the per-call limit and what is left of the request's budget,
    /// and spends it; kube's error when it passes either (<paramref name="overLimit"/> of cel-go's cancellation, or
    /// <paramref name="overBudget"/>, checked first as kube checks the cost before the evaluation's error), else null.
    /// </summary>
    private string? OverCostLimits(IParseTree tree, string source, Dictionary<string, object?> variables, Func<string, string> overLimit, string overBudget)
    {
        string? exceeded = null;
        ulong cost;
        try
        {
            cost = RuleCostCounter.Count(tree, source, variables, RuleCostCounter.PerCallLimit);
        }
        catch (CostLimitExceededException e)
        {
            cost = e.Cost;
            exceeded = overLimit(e.Message);
        }

        if (cost > _remainingCost)
        {
            return overBudget;
        }

        if (exceeded is null)
        {
            _remainingCost -= cost;
        }

        return exceeded;
    }

    /// <summary>kube prints a nil field path (a rule at the resource's root) as <c>&lt;nil&gt;</c>.</summary>
    private static string Shown(string path) => path.Length == 0 ? "<nil>" : path;

    /// <summary>The messageExpression's text, or null when it fails or gives no usable message (kube then uses the message).</summary>
    private static string? Message(ValidationRule rule, Dictionary<string, object?> variables)
    {
        if (rule.MessageProgram is null)
        {
            return null;
        }

        try
        {
            return rule.MessageProgram.Invoke(variables) is string text && text.Trim() is { Length: > 0 and <= 5120 } trimmed && !trimmed.Contains('\n') ? trimmed : null;
        }
        catch (Exception e) when (e is CelException or ArgumentException or InvalidOperationException or InvalidCastException)
        {
            return null;
        }
    }
}
