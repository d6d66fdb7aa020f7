namespace Harness.EnvTest.Admission;

/// <summary>The operation names of admission requests.</summary>
internal static class AdmissionOperation
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
}
