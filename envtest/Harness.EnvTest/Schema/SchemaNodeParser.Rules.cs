using Antlr4.Runtime.Tree;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema.Rules;
using Harness.EnvTest.Schema.Rules.Cost;

namespace Harness.EnvTest.Schema;

/// <summary>
/// <c>x-kubernetes-validations</c>: each rule compiled (its messageExpression too), with apiextensions-apiserver's checks
/// of the entry and its messages.
/// </summary>
internal sealed partial class SchemaNodeParser
{
    private static readonly string[] RuleReasons = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];

    private void ParseRules(JsonObject json, SchemaNode node, string path, bool isRoot)
    {
        var rulesPath = Child(path, "x-kubernetes-validations");
        if (json["x-kubernetes-validations"] is not JsonArray entries)
        {
            if (json.ContainsKey("x-kubernetes-validations"))
            {
                _errors.Add(FieldErrors.Invalid(rulesPath, json["x-kubernetes-validations"], "must be an array"));
            }

            return;
        }

        var rules = new List<ValidationRule>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entryPath = $"{rulesPath}[{i}]";
            if (entries[i] is not JsonObject entry)
            {
                _errors.Add(FieldErrors.Invalid(entryPath, entries[i], "must be a validation rule object"));
                continue;
            }

            if (ParseRule(entry, node, entryPath, isRoot) is { } rule)
            {
                rules.Add(rule);
            }
        }

        node.Rules = [.. rules];
    }

    private ValidationRule? ParseRule(JsonObject entry, SchemaNode node, string path, bool isRoot)
    {
        var rule = ReadString(entry, "rule", path) ?? "";
        var message = ReadString(entry, "message", path) ?? "";
        var messageExpression = ReadString(entry, "messageExpression", path) ?? "";
        var reason = ReadString(entry, "reason", path);
        var fieldPath = ReadString(entry, "fieldPath", path) ?? "";
        var optionalOldSelf = entry["optionalOldSelf"] is JsonValue optional && optional.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? optional.GetValueKind() == JsonValueKind.True
            : (bool?)null;
        var errorCount = _errors.Count;
        if (rule.Trim().Length == 0)
        {
            _errors.Add(FieldErrors.Required(Child(path, "rule"), "rule is not specified"));
        }
        else if (message.Length > 0 && message.Trim().Length == 0)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "message"), message, "message must be non-empty if specified"));
        }
        else if (message.Trim().Contains('\n'))
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "message"), message, "message must not contain line breaks"));
        }
        else if (rule.Trim().Contains('\n') && message.Trim().Length == 0)
        {
            _errors.Add(FieldErrors.Required(Child(path, "message"), "message must be specified if rule contains line breaks"));
        }

        if (messageExpression.Length > 0 && messageExpression.Trim().Length == 0)
        {
            _errors.Add(FieldErrors.Required(Child(path, "messageExpression"), "messageExpression must be non-empty if specified"));
        }

        if (reason is not null && !RuleReasons.Contains(reason))
        {
            _errors.Add(FieldErrors.NotSupported(Child(path, "reason"), entry["reason"], RuleReasons));
        }

        var normalizedPath = "";
        if (fieldPath.Length > 0)
        {
            if (fieldPath.Trim().Length == 0)
            {
                _errors.Add(FieldErrors.Invalid(Child(path, "fieldPath"), fieldPath, "fieldPath must be non-empty if specified"));
            }
            else if (fieldPath.Contains('\n'))
            {
                _errors.Add(FieldErrors.Invalid(Child(path, "fieldPath"), fieldPath, "fieldPath must not contain line breaks"));
            }
            else if (RuleFieldPath.Normalize(fieldPath.Trim(), node, out _) is { } normalized)
            {
                normalizedPath = normalized;
            }
            else
            {
                _errors.Add(FieldErrors.Invalid(Child(path, "fieldPath"), fieldPath, "fieldPath must be a valid path"));
            }
        }

        if (_errors.Count > errorCount)
        {
            return null;
        }

        var shown = RuleValue(rule, message, messageExpression, reason, fieldPath, optionalOldSelf);
        var program = CelRuntime.Compile(rule, out var compileError);
        var self = CelType.Of(node, CelType.SelfTypeName, isRoot);
        var tree = program is null ? null : CelRuntime.Parse(rule);
        var checkedRule = tree is null ? null : RuleTypeChecker.Check(tree, rule, self, optionalOldSelf == true);
        var ruleError = compileError ?? (checkedRule?.Errors is { } typeErrors ? "compilation failed: " + typeErrors : null);
        if (ruleError is not null)
        {
            _errors.Add(FieldErrors.InvalidFormatted(Child(path, "rule"), shown, ruleError));
        }

        // kube takes a rule that does not compile as not using oldSelf.
        var usesOldSelf = ruleError is null && CelRuntime.References(rule, "oldSelf");
        if (optionalOldSelf is not null && !usesOldSelf)
        {
            _errors.Add(FieldErrors.InvalidFormatted(Child(path, "optionalOldSelf"), optionalOldSelf.Value ? "true" : "false", "may not be set if oldSelf is not used in rule"));
        }

        if (ruleError is not null || program is null || tree is null || checkedRule is null)
        {
            return null;
        }

        if (checkedRule.IsKnownNonBool)
        {
            _errors.Add(FieldErrors.InvalidFormatted(Child(path, "rule"), shown, "cel expression must evaluate to a bool"));
            return null;
        }

        var estimatedCost = RuleCostEstimator.MaxCost(tree, checkedRule, self);
        var ruleCost = CostBudget.Times(estimatedCost, _cardinality ?? SchemaSizes.UnboundedCardinality(node));
        if (_costBudget.Observe(Child(path, "rule"), "estimated rule cost", ruleCost) is { } overBudget)
        {
            _errors.Add(overBudget);
        }

        var messageProgram = messageExpression.Trim().Length == 0 ? null : CelRuntime.Compile(messageExpression, out compileError);
        if (messageExpression.Trim().Length > 0 && messageProgram is null)
        {
            _errors.Add(FieldErrors.InvalidFormatted(Child(path, "messageExpression"), shown, "messageExpression " + compileError));
            return null;
        }

        var checkedMessage = messageProgram is null ? default : CheckMessageExpression(messageExpression, self, optionalOldSelf == true, path, shown);
        if (messageProgram is not null && checkedMessage.Tree is null)
        {
            return null;
        }

        return new ValidationRule
        {
            Rule = rule,
            Program = program,
            Tree = tree,
            EstimatedCost = estimatedCost,
            Message = message,
            MessageExpression = messageExpression,
            MessageProgram = messageProgram,
            MessageTree = checkedMessage.Tree,
            MessageEstimatedCost = checkedMessage.Cost,
            Reason = reason,
            FieldPath = normalizedPath,
            OptionalOldSelf = optionalOldSelf == true,
            UsesOldSelf = usesOldSelf,
        };
    }

    /// <summary>
    /// Type-checks a messageExpression (it must give a string) and adds its cost to the schema's; its parse tree and
    /// estimated cost, or a null tree when it does not check.
    /// </summary>
    private (IParseTree? Tree, ulong Cost) CheckMessageExpression(string messageExpression, CelType self, bool optionalOldSelf, string path, string shown)
    {
        var tree = CelRuntime.Parse(messageExpression);
        var checkedMessage = RuleTypeChecker.Check(tree, messageExpression, self, optionalOldSelf);
        if (checkedMessage.Errors is { } messageErrors)
        {
            _errors.Add(FieldErrors.InvalidFormatted(Child(path, "messageExpression"), shown, "messageExpression compilation failed: " + messageErrors));
            return default;
        }

        if (checkedMessage.Type.Name is not null && checkedMessage.Type.Kind != CelTypeKind.String)
        {
            _errors.Add(FieldErrors.InvalidFormatted(Child(path, "messageExpression"), shown, "messageExpression must evaluate to a string"));
            return default;
        }

        var cost = RuleCostEstimator.MaxCost(tree, checkedMessage, self);
        if (_costBudget.Observe(Child(path, "messageExpression"), "estimated messageExpression cost", cost) is { } overBudget)
        {
            _errors.Add(overBudget);
        }

        return (tree, cost);
    }

    /// <summary>Go's <c>%#v</c> of the rule, as kube prints it as the invalid value (set pointers print as an address).</summary>
    private static string RuleValue(string rule, string message, string messageExpression, string? reason, string fieldPath, bool? optionalOldSelf) =>
        $"apiextensions.ValidationRule{{Rule:{GoValueFormat.Quote(rule)}, Message:{GoValueFormat.Quote(message)}, MessageExpression:{GoValueFormat.Quote(messageExpression)}, "
        + $"Reason:(*apiextensions.FieldValueErrorReason)({(reason is null ? "nil" : "0xc000000000")}), FieldPath:{GoValueFormat.Quote(fieldPath)}, "
        + $"OptionalOldSelf:(*bool)({(optionalOldSelf is null ? "nil" : "0xc000000000")})}}";
}
