namespace Harness.EnvTest.FieldValidation;

/// <summary>What a write does with unknown and duplicate fields (the <c>fieldValidation</c> query parameter).</summary>
internal enum FieldValidationDirective
{
    /// <summary>Drop them silently.</summary>
    Ignore,

    /// <summary>Drop them and answer a warning for each (kube-apiserver's default).</summary>
    Warn,

    /// <summary>Reject the request.</summary>
    Strict,
}
