using System.Net;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>apiextensions-apiserver's approval rule for CRDs in the protected <c>k8s.io</c> and <c>kubernetes.io</c> groups.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrdApiApprovalTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task Create_ProtectedGroupWithoutAnnotation_Answers422AndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = Crd(cluster.Namespace + ".storage.k8s.io", annotation: null);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd));

        Assert.Equal(
            $"CustomResourceDefinition.apiextensions.k8s.io \"{crd.Metadata.Name}\" is invalid: metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation \"api-approved.kubernetes.io\", see https://github.com/kubernetes/enhancements/pull/1111",
            status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueRequired", "metadata.annotations[api-approved.kubernetes.io]"), (cause.Reason, cause.Field));
        var list = await cluster.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync();
        Assert.DoesNotContain(list.Items, c => c.Metadata.Name == crd.Metadata.Name);
    }

    [SkippableTheory, Backends]
    public async Task Create_ProtectedGroupWithNeitherUrlNorUnapproved_Answers422Invalid(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = Crd(cluster.Namespace + ".kubernetes.io", annotation: "approved by me");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd));

        Assert.EndsWith(
            "metadata.annotations[api-approved.kubernetes.io]: Invalid value: \"approved by me\": protected groups must have approval annotation \"api-approved.kubernetes.io\" with either a URL or a reason starting with \"unapproved\", see https://github.com/kubernetes/enhancements/pull/1111",
            status.Message);
    }

    [SkippableTheory, Backends]
    public async Task Create_ProtectedGroupApprovedOrUnapproved_IsStored(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var approved = await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(
            Crd("a-" + cluster.Namespace + ".k8s.io", "https://github.com/kubernetes/enhancements/pull/1111"));
        var bypassed = await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(
            Crd("b-" + cluster.Namespace + ".k8s.io", "unapproved, experimental"));
        var unprotected = await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Crd(cluster.Namespace + ".example.com", annotation: null));

        await Task.WhenAll(new[] { approved, bypassed, unprotected }.Select(c => cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(c.Metadata.Name)));
    }

    private static V1CustomResourceDefinition Crd(string group, string? annotation) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "gadgets." + group,
            Annotations = annotation is null ? null : new Dictionary<string, string> { ["api-approved.kubernetes.io"] = annotation },
        },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = "gadgets", Kind = "Gadget" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1", Served = true, Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                },
            ],
        },
    };
}
