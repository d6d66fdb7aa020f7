namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>A warning as kube-apiserver sends it in a <c>Warning</c> header: code 299, no agent, the text quoted.</summary>
internal static class WarningHeader
{
    public static string Of(string text) => $"299 - \"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
