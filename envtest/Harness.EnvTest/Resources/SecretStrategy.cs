using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// Secrets as kube-apiserver decodes and validates them: <c>stringData</c> is merged into <c>data</c> (its keys win) and never
/// stored; <c>type</c> defaults to Opaque and is immutable; keys as ConfigMap keys, at most 1 MiB of data, the keys each
/// well-known type requires, nothing of the data changes once <c>immutable</c> is set.
/// </summary>
internal sealed class SecretStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
    }

    /// <summary>kube's decoder defaults <c>type</c> and its conversion to the internal Secret merges <c>stringData</c> into <c>data</c>.</summary>
    public void Decode(JsonObject obj)
    {
        MergeStringData(obj);
        if (obj["type"] is null)
        {
            obj["type"] = "Opaque";
        }
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        Decode(obj);

        var data = JsonFields.Object(obj, "data");
        long size = 0;
        foreach (var (key, value) in ConfigMapValidation.Ordered(data))
        {
            ConfigMapValidation.ValidateKey("data", key, errors);
            size += ConfigMapValidation.DecodedLength(ConfigMapValidation.Text(value));
        }

        if (size > ConfigMapValidation.MaxSize)
        {
            errors.Add(FieldErrorFactory.TooLongBytes("data", ConfigMapValidation.MaxSize));
        }

        var type = obj["type"]?.ToString() ?? string.Empty;
        ValidateTypeKeys(obj, type, data, errors);
        if (old is null)
        {
            return;
        }

        if (old["type"]?.ToString() != type)
        {
            errors.Add(FieldErrorFactory.Invalid("type", type, "field is immutable"));
        }

        if (ConfigMapValidation.IsImmutable(old))
        {
            ConfigMapValidation.ValidateImmutable(obj, old, ["data"], errors);
        }
    }

    private static void MergeStringData(JsonObject obj)
    {
        if (obj["stringData"] is not JsonObject stringData)
        {
            obj.Remove("stringData");
            return;
        }

        obj.Remove("stringData");
        var data = obj["data"] as JsonObject ?? [];
        obj["data"] = data;
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(ConfigMapValidation.Text(value)));
        }
    }

    private static void ValidateTypeKeys(JsonObject obj, string type, JsonObject? data, List<FieldError> errors)
    {
        bool Has(string key) => data?.ContainsKey(key) == true;
        void Require(params string[] keys) => errors.AddRange(keys.Select(key => FieldErrorFactory.Required($"data[{key}]")));
        switch (type)
        {
            case "kubernetes.io/service-account-token"
                when string.IsNullOrEmpty((AnnotationsOf(obj))?["kubernetes.io/service-account.name"]?.ToString()):
                errors.Add(FieldErrorFactory.Required("metadata.annotations[kubernetes.io/service-account.name]"));
                break;
            case "kubernetes.io/dockercfg" when !Has(".dockercfg"):
                Require(".dockercfg");
                break;
            case "kubernetes.io/dockerconfigjson" when !Has(".dockerconfigjson"):
                Require(".dockerconfigjson");
                break;
            case "kubernetes.io/basic-auth" when !Has("username") && !Has("password"):
                Require("username", "password");
                break;
            case "kubernetes.io/ssh-auth" when ConfigMapValidation.Text(data?["ssh-privatekey"]).Length == 0:
                Require("ssh-privatekey");
                break;
            case "kubernetes.io/tls":
                Require(new[] { "tls.crt", "tls.key" }.Where(key => !Has(key)).ToArray());
                break;
        }
    }

    private static JsonObject? AnnotationsOf(JsonObject obj) => JsonFields.Object(JsonFields.Object(obj, "metadata"), "annotations");
}
