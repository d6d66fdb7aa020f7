using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Validation;

/// <summary>The access modes of a PersistentVolume or PersistentVolumeClaim spec, as kube validates them.</summary>
internal static class AccessModes
{
    private const string ReadWriteOncePod = "ReadWriteOncePod";

    private static readonly string[] Supported = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", ReadWriteOncePod];

    public static void Validate(JsonObject? spec, string requiredDetail, List<FieldError> errors)
    {
        var modes = JsonFields.Strings(spec, "accessModes").ToList();
        if (modes.Count == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec.accessModes", requiredDetail));
        }

        foreach (var mode in modes.Where(mode => !Supported.Contains(mode)))
        {
            errors.Add(FieldErrorFactory.NotSupported("spec.accessModes", mode, Supported));
        }

        if (modes.Contains(ReadWriteOncePod) && modes.Count > 1)
        {
            errors.Add(FieldErrorFactory.Forbidden("spec.accessModes", "may not use ReadWriteOncePod with other access modes"));
        }
    }
}
