using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>
/// kubectl's imperative <c>create</c> commands and <c>debug --copy-to</c>, which send protobuf bodies
/// (<c>application/vnd.kubernetes.protobuf</c>): each must store exactly what the same object sent as JSON
/// (<c>--dry-run=client -o json | kubectl create -f -</c>) stores.
/// </summary>
public abstract partial class KubectlTests<TFixture>
{
    private const string ProtobufContentType = "Content-Type: application/vnd.kubernetes.protobuf";

    private const string RichPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: rich
          labels: {app: rich}
        spec:
          serviceAccountName: default
          automountServiceAccountToken: false
          terminationGracePeriodSeconds: 0
          securityContext: {runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000, supplementalGroups: [3, 4], seccompProfile: {type: RuntimeDefault}}
          nodeSelector: {disk: ssd}
          tolerations: [{key: k, operator: Exists, effect: NoExecute, tolerationSeconds: 0}]
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a, b]}]}]
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 10
                podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: rich}}}
          volumes:
          - {name: scratch, emptyDir: {}}
          - {name: mem, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
          - {name: cfg, configMap: {name: settings, defaultMode: 420, optional: false, items: [{key: a, path: a.txt}]}}
          - {name: sec, secret: {secretName: creds}}
          - name: proj
            projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600}}, {downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}]}
          - {name: claim, persistentVolumeClaim: {claimName: data, readOnly: true}}
          containers:
          - name: main
            image: busybox
            command: [sh, -c]
            args: ["sleep 3600"]
            ports: [{containerPort: 8080, name: http, protocol: TCP}]
            env:
            - {name: A, value: "1"}
            - name: FROMCM
              valueFrom: {configMapKeyRef: {name: settings, key: a, optional: true}}
            - name: CPU
              valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}
            envFrom: [{prefix: P_, secretRef: {name: creds}}]
            resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 100m}}
            volumeMounts: [{name: scratch, mountPath: /scratch}, {name: cfg, mountPath: /cfg, readOnly: true, mountPropagation: None}]
            livenessProbe: {httpGet: {path: /healthz, port: http}, initialDelaySeconds: 3, periodSeconds: 5}
            readinessProbe: {tcpSocket: {port: 8080}}
            startupProbe: {exec: {command: [cat, /tmp/ok]}, failureThreshold: 30}
            lifecycle: {preStop: {exec: {command: [sh, -c, "sleep 1"]}}}
            securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}, privileged: false}
            stdin: true
            tty: true
        """;

    private static readonly byte[] BinaryFile = [0x62, 0x69, 0x6e, 0x00, 0x01, 0xfe, 0xff];

    [SkippableFact]
    public async Task CreateConfigMap_LiteralsAndBinaryFile_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();
        using var files = TemporaryFolder.Create("kubectl-create-");
        var binary = WriteFile(files, "blob.bin", BinaryFile);
        var text = WriteFile(files, "notes.txt", "line one\nline two\n"u8.ToArray());

        var stored = await AssertStoresWhatJsonStoresAsync("configmap", $"configmap {{0}} --from-literal=a=b --from-literal=empty= --from-file={binary} --from-file=note={text}");

        Assert.Equal(Convert.ToBase64String(BinaryFile), stored["binaryData"]!["blob.bin"]!.GetValue<string>());
        Assert.Equal("line one\nline two\n", stored["data"]!["note"]!.GetValue<string>());
        Assert.Equal(string.Empty, stored["data"]!["empty"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task CreateSecretGeneric_LiteralAndBinaryFile_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();
        using var files = TemporaryFolder.Create("kubectl-create-");
        var binary = WriteFile(files, "key.bin", BinaryFile);

        var stored = await AssertStoresWhatJsonStoresAsync("secret", $"secret generic {{0}} --from-literal=user=admin --from-file={binary}");

        Assert.Equal(Convert.ToBase64String(BinaryFile), stored["data"]!["key.bin"]!.GetValue<string>());
        Assert.Equal("Opaque", stored["type"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task CreateSecretTls_CertificateAndKey_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();
        using var files = TemporaryFolder.Create("kubectl-create-");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=probe.example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var certificatePem = certificate.ExportCertificatePem();
        var cert = WriteFile(files, "tls.crt", System.Text.Encoding.ASCII.GetBytes(certificatePem));
        var keyFile = WriteFile(files, "tls.key", System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));

        var stored = await AssertStoresWhatJsonStoresAsync("secret", $"secret tls {{0}} --cert={cert} --key={keyFile}");

        Assert.Equal("kubernetes.io/tls", stored["type"]!.GetValue<string>());
        Assert.Equal(certificatePem, System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(stored["data"]!["tls.crt"]!.GetValue<string>())).TrimEnd('\n'));
    }

    [SkippableFact]
    public async Task CreateSecretDockerRegistry_Credentials_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();

        var stored = await AssertStoresWhatJsonStoresAsync("secret", "secret docker-registry {0} --docker-server=registry.example.com --docker-username=u --docker-password=p --docker-email=u@example.com");

        Assert.Equal("kubernetes.io/dockerconfigjson", stored["type"]!.GetValue<string>());
        var config = JsonNode.Parse(Convert.FromBase64String(stored["data"]![".dockerconfigjson"]!.GetValue<string>()))!;
        Assert.Equal("u", config["auths"]!["registry.example.com"]!["username"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task CreateNamespace_Name_StoresWhatJsonStores()
    {
        _fixture.SkipIfUnavailable();
        var viaProtobuf = Namespace + "-pb";
        var viaJson = Namespace + "-json";
        try
        {
            var created = await Exits0($"create namespace {viaProtobuf} -v=8");
            Assert.Contains(ProtobufContentType, created.Error);
            var manifest = await Exits0($"create namespace {viaJson} --dry-run=client -o json");
            await Exits0("create -f -", manifest.Output);

            var stored = await GetAsync($"namespace {viaProtobuf}");

            Assert.True(JsonNode.DeepEquals(Normalized(await GetAsync($"namespace {viaJson}")), Normalized(stored)), stored.ToJsonString());
            Assert.Equal(viaProtobuf, stored["metadata"]!["name"]!.GetValue<string>());
            Assert.Equal("Active", stored["status"]!["phase"]!.GetValue<string>());
        }
        finally
        {
            await Kubectl.RunAsync($"delete namespace {viaProtobuf} {viaJson} --ignore-not-found --wait=false");
        }
    }

    [SkippableFact]
    public async Task DebugCopyTo_PodWithManyFields_CopiesTheSpecThroughProtobuf()
    {
        _fixture.SkipIfUnavailable();
        await Exits0($"apply -n {Namespace} -f -", RichPod);

        var debug = await Exits0($"debug rich --copy-to=rich-copy --image=busybox --container=debugger -i=false -n {Namespace} -v=8");

        Assert.Contains(ProtobufContentType, debug.Error);
        var original = (await GetAsync($"pod rich -n {Namespace}"))["spec"]!.AsObject();
        var copy = (await GetAsync($"pod rich-copy -n {Namespace}"))["spec"]!.AsObject();
        var containers = copy["containers"]!.AsArray();
        var debugger = Assert.Single(containers, c => c!["name"]!.GetValue<string>() == "debugger");
        containers.Remove(debugger);
        Assert.True(JsonNode.DeepEquals(original, copy), $"original: {original.ToJsonString()}\ncopy: {copy.ToJsonString()}");
        Assert.False(copy["automountServiceAccountToken"]!.GetValue<bool>());
    }

    /// <summary>
    /// Runs <c>kubectl create</c> (which sends protobuf) and the same object through JSON, then compares what each stored
    /// apart from the fields the server sets per object. Returns the object stored from protobuf.
    /// </summary>
    private async Task<JsonObject> AssertStoresWhatJsonStoresAsync(string resource, string createArguments)
    {
        var created = await Exits0($"create {string.Format(createArguments, "via-protobuf")} -n {Namespace} -v=8");
        Assert.Contains(ProtobufContentType, created.Error);
        var manifest = await Exits0($"create {string.Format(createArguments, "via-json")} -n {Namespace} --dry-run=client -o json");
        await Exits0($"create -n {Namespace} -f -", manifest.Output);

        var stored = await GetAsync($"{resource} via-protobuf -n {Namespace}");
        var fromJson = await GetAsync($"{resource} via-json -n {Namespace}");

        Assert.True(JsonNode.DeepEquals(Normalized(fromJson), Normalized(stored)), $"protobuf: {stored.ToJsonString()}\njson: {fromJson.ToJsonString()}");
        return stored;
    }

    private async Task<JsonObject> GetAsync(string target) => JsonNode.Parse((await Exits0($"get {target} -o json")).Output)!.AsObject();

    private static JsonObject Normalized(JsonObject stored)
    {
        var copy = stored.DeepClone().AsObject();
        var metadata = copy["metadata"]!.AsObject();
        foreach (var field in new[] { "name", "uid", "resourceVersion", "creationTimestamp", "managedFields" })
        {
            metadata.Remove(field);
        }

        if (metadata["labels"] is JsonObject labels && labels.Remove("kubernetes.io/metadata.name") && labels.Count == 0)
        {
            metadata.Remove("labels");
        }

        return copy;
    }

    private static string WriteFile(TemporaryFolder folder, string name, byte[] content)
    {
        var path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Runs kubectl and asserts it exits 0; its stderr may hold the -v=8 request log.</summary>
    private async Task<KubectlResult> Exits0(string arguments, string? standardInput = null)
    {
        var result = await Kubectl.RunAsync(arguments, standardInput);
        Assert.True(result.ExitCode == 0, $"kubectl {arguments}\n{result}");
        return result;
    }
}
