using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Tables;

/// <summary>
/// The server's Table converter: a custom resource version gets its CRD printer columns (Age when
/// it declares none; dates shown as ages, as kube's CRD table convertor does), a built-in resource its kube printer's columns
/// (<see cref="BuiltInPrinters"/>) or kube's default Name and Created At columns.
/// </summary>
internal sealed class PrinterColumnTableConverter(TimeProvider timeProvider) : ITableConverter
{
    private readonly ConditionalWeakTable<ResourceDefinition, TableConverter> _byResource = [];

    public JsonObject Convert(ResourceDefinition resource, IReadOnlyList<JsonObject> objects, TableIncludeObject includeObject)
    {
        var converter = resource.IsCustom
            ? _byResource.GetValue(resource, r => TableConverter.ForColumns(PrinterColumn.FromArray(r.PrinterColumns)))
            : BuiltInPrinters.For(resource.Group, resource.Plural);
        return converter.ConvertList(objects, new TableOptions { IncludeObject = includeObject, Now = timeProvider.GetUtcNow() });
    }
}
