using System.Text.Json.Nodes;
using Harness.EnvTest.Patching.MergePatch;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Schema;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>
/// apiextensions-apiserver's validation of a CustomResourceDefinition itself, on both backends: each case merge-patches a
/// valid CRD (<c>"v0"</c> merges into its first version, <c>"v1"</c> adds a second version made from the first) and expects
/// kube's 422 causes, <c>field: message</c>, with nothing stored.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrdDefinitionValidationTests(ClusterFixture clusters)
{
    private const string Subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string Dns1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    [SkippableTheory]
    [BackendsData("""{"spec":{"names":{"plural":"1things"}}}""", "spec.names.plural: Invalid value: \"1things\": " + Dns1035)]
    [BackendsData("""{"spec":{"names":{"singular":"A_b"}}}""", "spec.names.singular: Invalid value: \"A_b\": " + Dns1035)]
    [BackendsData("""{"spec":{"names":{"kind":"Thing_X","listKind":"ThingXList"}}}""", "spec.names.kind: Invalid value: \"Thing_X\": may have mixed case, but should otherwise match: " + Dns1035)]
    [BackendsData("""{"spec":{"names":{"listKind":"Thing"}}}""", "spec.names.listKind: Invalid value: \"Thing\": kind and listKind may not be the same")]
    [BackendsData("""{"spec":{"names":{"shortNames":["th","Bad_Name"]}}}""", "spec.names.shortNames[1]: Invalid value: \"Bad_Name\": " + Dns1035)]
    [BackendsData("""{"spec":{"names":{"categories":["all","no way"]}}}""", "spec.names.categories[1]: Invalid value: \"no way\": " + Dns1035)]
    [BackendsData("""{"spec":{"group":"Example.COM"}}""", "metadata.name: Invalid value: \"things.Example.COM\": " + Subdomain + "|spec.group: Invalid value: \"Example.COM\": " + Subdomain)]
    [BackendsData("""{"v1":{"name":"v1","storage":false}}""", "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:\"v1\", Served:true, Storage:true, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}, apiextensions.CustomResourceDefinitionVersion{Name:\"v1\", Served:true, Storage:false, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}}: must contain unique version names")]
    [BackendsData("""{"v0":{"name":"V1"}}""", "spec.versions[0].name: Invalid value: \"V1\": " + Dns1035 + "|spec.version: Invalid value: \"V1\": " + Dns1035)]
    [BackendsData("""{"spec":{"conversion":{"strategy":"Bogus"}}}""", "spec.conversion.strategy: Unsupported value: \"Bogus\": supported values: \"None\", \"Webhook\"")]
    [BackendsData("""{"spec":{"conversion":{"strategy":"Webhook"}}}""", "spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook|spec.conversion.conversionReviewVersions: Required value")]
    [BackendsData("""{"spec":{"conversion":{"strategy":"None","webhook":{"conversionReviewVersions":["v1"],"clientConfig":{"url":"https://example.com/convert"}}}}}""", "spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook|spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook")]
    [BackendsData("""{"spec":{"conversion":{"strategy":"Webhook","webhook":{"conversionReviewVersions":["v9"],"clientConfig":{"url":"http://example.com/convert"}}}}}""", "spec.conversion.webhookClientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]|spec.conversion.conversionReviewVersions: Invalid value: []string{\"v9\"}: must include at least one of v1, v1beta1")]
    [BackendsData("""{"spec":{"preserveUnknownFields":true}}""", "spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead")]
    [BackendsData("""{"v0":{"subresources":{"scale":{"specReplicasPath":"spec.replicas","statusReplicasPath":".status.replicas"}}}}""", "spec.subresources.scale.specReplicasPath: Invalid value: \"spec.replicas\": must be a simple json path starting with .")]
    [BackendsData("""{"v0":{"subresources":{"scale":{"specReplicasPath":".spec.replicas"}}}}""", "spec.subresources.scale.statusReplicasPath: Required value")]
    [BackendsData("""{"v0":{"subresources":{"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas","labelSelectorPath":"status.selector"}}}}""", "spec.subresources.scale.labelSelectorPath: Invalid value: \"status.selector\": must be a simple json path starting with .")]
    [BackendsData("""{"v0":{"additionalPrinterColumns":[{"name":"Size","type":"bogus","jsonPath":".spec.size"}]}}""", "spec.additionalPrinterColumns[0].type: Invalid value: \"bogus\": must be one of boolean,date,integer,number,string")]
    [BackendsData("""{"v0":{"additionalPrinterColumns":[{"name":"Size","type":"integer","format":"bogus","jsonPath":".spec.size"}]}}""", "spec.additionalPrinterColumns[0].format: Invalid value: \"bogus\": must be one of byte,date,date-time,double,float,int32,int64,password")]
    [BackendsData("""{"v0":{"additionalPrinterColumns":[{"type":"integer","jsonPath":"spec.size"}]}}""", "spec.additionalPrinterColumns[0].name: Required value|spec.additionalPrinterColumns[0].JSONPath: Invalid value: \"spec.size\": must be a simple json path starting with .")]
    [BackendsData("""{"v0":{"selectableFields":[{"jsonPath":"spec.name"}]}}""", "spec.selectableFields[0].jsonPath: Invalid value: \"spec.name\": is an invalid path: expected [ or . but got: spec")]
    [BackendsData("""{"v0":{"selectableFields":[{"jsonPath":".spec.name"},{"jsonPath":".spec.name"}]}}""", "spec.selectableFields[1].jsonPath: Duplicate value: \".spec.name\"")]
    [BackendsData("""{"v0":{"selectableFields":[{"jsonPath":".spec.nope"}]}}""", "spec.selectableFields[0].jsonPath: Invalid value: \".spec.nope\": is an invalid path: does not refer to a valid field")]
    [BackendsData("""{"v0":{"schema":{"openAPIV3Schema":{"properties":{"spec":{"properties":{"e":{"type":"string","x-kubernetes-embedded-resource":true}}}}}}}}""", "spec.validation.openAPIV3Schema.properties[spec].properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields|spec.validation.openAPIV3Schema.properties[spec].properties[e].type: Invalid value: \"string\": must be object if x-kubernetes-embedded-resource is true")]
    [BackendsData("""{"v0":{"schema":{"openAPIV3Schema":{"properties":{"spec":{"properties":{"d":{"type":"string","maxLength":2,"default":"abc"}}}}}}}}""", "spec.validation.openAPIV3Schema.properties[spec].properties[d].default: Too long: may not be more than 2 bytes")]
    [BackendsData("""{"v0":{"schema":{"openAPIV3Schema":{"properties":{"spec":{"properties":{"s":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"object","properties":{"a":{"type":"string"}}}}}}}}}}}""", "spec.validation.openAPIV3Schema.properties[spec].properties[s].items.x-kubernetes-map-type: Invalid value: \"null\": must be atomic as item of a list with x-kubernetes-list-type=set")]
    [BackendsData("""{"v0":{"schema":{"openAPIV3Schema":{"properties":{"spec":{"properties":{"p":{"type":"object","properties":{"a":{"type":"string"}},"x-kubernetes-preserve-unknown-fields":true,"additionalProperties":{"type":"string"}}}}}}}}}""", "spec.validation.openAPIV3Schema.properties[spec].properties[p].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive")]
    [BackendsData("""{"v1":{"name":"v2","storage":false,"subresources":{"scale":{"specReplicasPath":".spec.replicas"}}}}""", "spec.versions[1].subresources.scale.statusReplicasPath: Required value")]
    [BackendsData("""{"v0":{"deprecationWarning":"old"}}""", "spec.versions[0].deprecationWarning: Invalid value: \"old\": can only be set for deprecated versions")]
    [BackendsData("""{"v1":{"name":"v2"}}""", "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:\"v1\", Served:true, Storage:true, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}, apiextensions.CustomResourceDefinitionVersion{Name:\"v2\", Served:true, Storage:true, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}}: must have exactly one version marked as storage version|status.storedVersions: Invalid value: []string{\"v1\"}: must have the storage version v2")]
    [BackendsData("""{"v0":{"storage":false}}""", "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:\"v1\", Served:true, Storage:false, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}}: must have exactly one version marked as storage version|status.storedVersions: Invalid value: []string(nil): must have at least one stored version")]
    public async Task Create_InvalidDefinition_Answers422WithKubesCausesAndStoresNothing(Backend backend, string patch, string causes)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var group = cluster.Namespace + ".example.com";
        var crd = Crd(group, patch);

        var response = await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.ToJsonString());

        if (response.Code == 201)
        {
            await cluster.SendAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crd["metadata"]!["name"]);
        }

        RawStatus.Invalid(response, causes.Replace("{group}", group, StringComparison.Ordinal).Split('|'));
        Assert.Equal(404, (await cluster.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crd["metadata"]!["name"])).Code);
    }

    [SkippableTheory]
    [BackendsData("""{"v0":{"served":false}}""")]
    [BackendsData("""{"v0":{"subresources":{"scale":{"specReplicasPath":".spec.nope","statusReplicasPath":".status.replicas"}}}}""")]
    [BackendsData("""{"v0":{"additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec[size"}]}}""")]
    [BackendsData("""{"v0":{"additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"},{"name":"Size","type":"string","jsonPath":".spec.name"}]}}""")]
    [BackendsData("""{"v0":{"selectableFields":[{"jsonPath":".spec.size"}]}}""")]
    public async Task Create_DefinitionKubeAccepts_IsStored(Backend backend, string patch)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = Crd(cluster.Namespace + ".example.com", patch);
        var path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crd["metadata"]!["name"];

        RawStatus.Succeeded(await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.ToJsonString()), 201);

        await cluster.SendAsync(HttpMethod.Delete, path);
    }

    [SkippableTheory, Backends]
    public async Task Create_WithoutSingularListKindOrConversion_GetsV1Defaults(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = Crd(cluster.Namespace + ".example.com", "{}");
        crd["spec"]!["names"] = new JsonObject { ["plural"] = "things", ["kind"] = "Thing" };

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.ToJsonString());

        Assert.True(code == 201, body);
        var spec = JsonNode.Parse(body)!["spec"]!;
        Assert.Equal(("thing", "ThingList"), ((string?)spec["names"]!["singular"], (string?)spec["names"]!["listKind"]));
        Assert.Equal("""{"strategy":"None"}""", spec["conversion"]!.ToJsonString());
        await cluster.SendAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crd["metadata"]!["name"]);
    }

    [SkippableTheory, Backends]
    public async Task Update_KindPluralOrScopeOfEstablishedDefinition_AreImmutable(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = Crd(cluster.Namespace + ".example.com", "{}");
        var path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crd["metadata"]!["name"];
        RawStatus.Succeeded(await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.ToJsonString()), 201);
        await RuleCrd.WaitUntilAsync(async () => JsonNode.Parse((await cluster.GetAsync(path)).Body)!["status"]?["conditions"]?.AsArray()
            .Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True") == true);

        var response = await cluster.SendAsync(HttpMethod.Patch, path, """{"spec":{"scope":"Cluster","names":{"kind":"Other","listKind":"OtherList","plural":"others"}}}""", "application/merge-patch+json");

        RawStatus.Invalid(
            response,
            "spec.scope: Invalid value: \"Cluster\": field is immutable",
            "spec.names.kind: Invalid value: \"Other\": field is immutable",
            "spec.names.plural: Invalid value: \"others\": field is immutable");
        await cluster.SendAsync(HttpMethod.Delete, path);
    }

    private static JsonObject Crd(string group, string patch)
    {
        var changes = JsonNode.Parse(patch)!.AsObject();
        var version = JsonNode.Parse("""
            {"name":"v1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","properties":{
               "spec":{"type":"object","properties":{"size":{"type":"integer"},"name":{"type":"string"}}},
               "status":{"type":"object","properties":{"replicas":{"type":"integer"},"selector":{"type":"string"}}}}}}}
            """)!;
        version = JsonMergePatch.Merge(version, changes["v0"]?.DeepClone() ?? new JsonObject());
        var versions = new JsonArray(version);
        if (changes["v1"] is { } second)
        {
            versions.Add(JsonMergePatch.Merge(version!.DeepClone(), second.DeepClone()));
        }

        var crd = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = "things." + group },
            ["spec"] = new JsonObject
            {
                ["group"] = group,
                ["scope"] = "Namespaced",
                ["names"] = new JsonObject { ["plural"] = "things", ["singular"] = "thing", ["kind"] = "Thing", ["listKind"] = "ThingList" },
                ["versions"] = versions,
            },
        };
        var merged = JsonMergePatch.Merge(crd, new JsonObject { ["spec"] = changes["spec"]?.DeepClone() ?? new JsonObject() })!.AsObject();
        var plural = (string)merged["spec"]!["names"]!["plural"]!;
        var mergedGroup = (string)merged["spec"]!["group"]!;
        merged["metadata"]!["name"] = plural + "." + mergedGroup;
        return merged;
    }
}
