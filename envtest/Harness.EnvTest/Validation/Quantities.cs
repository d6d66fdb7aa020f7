using k8s.Models;

namespace Harness.EnvTest.Validation;

/// <summary>Resource quantities as kube's validators read them.</summary>
internal static class Quantities
{
    /// <summary>Parses <paramref name="text"/>; false when it is no quantity (the decoder has refused those already).</summary>
    /// <remarks>
    /// kube prints a refused quantity in Go's canonical form (<c>resource.Quantity.String()</c>); the harness prints it as sent,
    /// which is the same for canonical input (<c>0</c>, <c>1Gi</c>) but not for KubernetesClient's text of a negative one.
    /// </remarks>
    public static bool TryParse(string text, out decimal value)
    {
        try
        {
            value = new ResourceQuantity(text).ToDecimal();
            return true;
        }
        catch (FormatException)
        {
            value = 0;
            return false;
        }
    }
}
