namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>
/// The messages whose JSON form is not an object of their fields (kube's own JSON marshallers): Time and MicroTime are
/// RFC 3339 strings, Quantity a string, IntOrString a number or a string, FieldsV1, RawExtension and apiextensions'
/// JSON raw JSON, and apiextensions' either-or schema types whichever of their forms was set (a boolean for OrBool).
/// </summary>
internal static class JsonFormMessages
{
    public const string Time = "harness.envtest.meta.Time";
    public const string MicroTime = "harness.envtest.meta.MicroTime";
    public const string Quantity = "harness.envtest.meta.Quantity";
    public const string IntOrString = "harness.envtest.meta.IntOrString";
    public const string FieldsV1 = "harness.envtest.meta.FieldsV1";
    public const string RawExtension = "harness.envtest.runtime.RawExtension";
    public const string SchemaJson = "harness.envtest.apiextensions.JSON";
    public const string SchemaOrArray = "harness.envtest.apiextensions.JSONSchemaPropsOrArray";
    public const string SchemaOrBool = "harness.envtest.apiextensions.JSONSchemaPropsOrBool";
    public const string SchemaOrStringArray = "harness.envtest.apiextensions.JSONSchemaPropsOrStringArray";
}
