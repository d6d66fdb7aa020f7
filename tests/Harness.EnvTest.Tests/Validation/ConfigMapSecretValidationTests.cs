using System.Net;
using System.Text;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>ConfigMap and Secret keys, the 1 MiB data limit, immutability, and etcd's own object limit, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConfigMapSecretValidationTests(ClusterFixture clusters)
{
    private const string KeyMessage =
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_BadKeys_Answers422PerKey(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var configMap = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "keys" },
            Data = new Dictionary<string, string> { ["a b"] = "x" },
            BinaryData = new Dictionary<string, byte[]> { ["a b"] = [1] },
        };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(configMap, cluster.Namespace),
            $"data[a b]: Invalid value: \"a b\": {KeyMessage}",
            "data[a b]: Invalid value: \"a b\": duplicate of key present in binaryData",
            $"binaryData[a b]: Invalid value: \"a b\": {KeyMessage}");
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_DotDotKey_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dots" }, Data = new Dictionary<string, string> { [".."] = "x" } };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(configMap, cluster.Namespace), "data[..]: Invalid value: \"..\": must not be '..'");
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_Over1MiB_Answers422TooLongAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "big" }, Data = new Dictionary<string, string> { ["a"] = new string('x', (1024 * 1024) + 1) } };

        var message = await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(configMap, cluster.Namespace), "[]: Too long: may not be more than 1048576 bytes");

        Assert.Equal("ConfigMap \"big\" is invalid: []: Too long: may not be more than 1048576 bytes", message);
        Assert.DoesNotContain((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items, c => c.Metadata.Name == "big");
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_Exactly1MiB_IsStored(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "full" }, Data = new Dictionary<string, string> { ["a"] = new string('x', 1024 * 1024) } };

        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(configMap, cluster.Namespace);

        Assert.Equal(1024 * 1024, created.Data["a"].Length);
    }

    [SkippableTheory, Backends]
    public async Task UpdateConfigMap_Immutable_ForbidsDataChangesAndUnsetting(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "frozen" }, Data = new Dictionary<string, string> { ["a"] = "1" }, Immutable = true }, cluster.Namespace);
        created.Data["a"] = "2";
        created.Immutable = false;

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "frozen", cluster.Namespace),
            "immutable: Forbidden: field is immutable when `immutable` is set",
            "data: Forbidden: field is immutable when `immutable` is set");
    }

    [SkippableTheory, Backends]
    public async Task CreateSecret_StringDataOver1MiB_Answers422OnData(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "big" }, StringData = new Dictionary<string, string> { ["a"] = new string('x', (1024 * 1024) + 1) } };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedSecretAsync(secret, cluster.Namespace), "data: Too long: may not be more than 1048576 bytes");
    }

    [SkippableTheory, Backends]
    public async Task CreateSecret_StringData_IsMergedIntoDataAndNotStored(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "s" },
            Data = new Dictionary<string, byte[]> { ["a"] = "old"u8.ToArray(), ["b"] = "kept"u8.ToArray() },
            StringData = new Dictionary<string, string> { ["a"] = "new" },
        };

        var created = await cluster.Client.CoreV1.CreateNamespacedSecretAsync(secret, cluster.Namespace);

        Assert.Equal(("new", "kept", "Opaque"), (Encoding.UTF8.GetString(created.Data["a"]), Encoding.UTF8.GetString(created.Data["b"]), created.Type));
        Assert.Null(created.StringData);
    }

    [SkippableTheory, Backends]
    public async Task CreateSecret_TlsWithoutItsKeys_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "tls" }, Type = "kubernetes.io/tls", Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1] } };

        await ValidationAssert.InvalidAsync(() => cluster.Client.CoreV1.CreateNamespacedSecretAsync(secret, cluster.Namespace), "data[tls.key]: Required value");
    }

    [SkippableTheory, Backends]
    public async Task CreateLease_OverEtcdsRequestLimit_Answers500(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "big" }, Spec = new V1LeaseSpec { HolderIdentity = new string('x', 1600 * 1024) } };

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () => cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, cluster.Namespace));

        Assert.Equal("etcdserver: request is too large", status.Message);
        Assert.Null(status.Reason);
        Assert.Empty((await cluster.Client.CoordinationV1.ListNamespacedLeaseAsync(cluster.Namespace)).Items);
    }
}
