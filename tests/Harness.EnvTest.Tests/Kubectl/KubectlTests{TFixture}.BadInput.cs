using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Crds;
using Harness.EnvTest.Tests.Environment;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>Bad input through kubectl: refused with kube's message and field path, and nothing stored.</summary>
public abstract partial class KubectlTests<TFixture>
{
    [SkippableFact]
    public async Task Apply_WrongToken_IsUnauthorizedAndStoresNothing()
    {
        _fixture.SkipIfUnavailable();
        var tampered = Path.Combine(Path.GetTempPath(), $"harness-tampered-{Namespace}");
        var text = await File.ReadAllTextAsync(_fixture.Environment.KubeconfigPath);
        await File.WriteAllTextAsync(tampered, text.Replace(_fixture.Environment.Configuration.AccessToken!, "wrong-token"));
        try
        {
            var result = await new Kubectl(tampered).RunAsync($"apply -n {Namespace} -f -", SeedManifests.Snapshot);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("the server has asked for the client to provide credentials", result.Error);
            await AssertNoSnapshotsAsync();
        }
        finally
        {
            File.Delete(tampered);
        }
    }

    [SkippableFact]
    public async Task Apply_MalformedJson_FailsAndStoresNothing()
    {
        _fixture.SkipIfUnavailable();

        var result = await Kubectl.RunAsync(
            $"apply -n {Namespace} -f -", """{"apiVersion":"snapshot.kubevirt.io/v1beta1","kind":"VirtualMachineSnapshot","metadata":{"name":"snap-larry""");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("error: error parsing STDIN: unexpected EOF\n", result.Error);
        await AssertNoSnapshotsAsync();
    }

    [SkippableFact]
    public async Task Apply_MalformedYaml_FailsAndStoresNothing()
    {
        _fixture.SkipIfUnavailable();

        var result = await Kubectl.RunAsync($"apply -n {Namespace} -f -", SeedManifests.Snapshot.Replace("  name: snap-larry", "  name: [snap-larry"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("error: error parsing STDIN: error converting YAML to JSON: yaml: line 4:", result.Error);
        await AssertNoSnapshotsAsync();
    }

    [SkippableFact]
    public async Task Apply_SchemaViolation_IsInvalidWithTheFieldPathAndStoresNothing()
    {
        _fixture.SkipIfUnavailable();

        var result = await Kubectl.RunAsync($"apply -n {Namespace} -f -", SeedManifests.Snapshot.Replace("\n    name: larry", string.Empty));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.source.name", result.Error);
        await AssertNoSnapshotsAsync();
    }

    [SkippableFact]
    public async Task Create_UnknownFieldWithDefaultValidation_IsRejectedWithTheFieldPath()
    {
        _fixture.SkipIfUnavailable();

        var result = await Kubectl.RunAsync($"create -n {Namespace} -f -", SeedManifests.Snapshot + "\n  bogus: 1\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Error from server (BadRequest): error when creating \"STDIN\": VirtualMachineSnapshot in version \"v1alpha1\" cannot be handled as a VirtualMachineSnapshot: strict decoding error: unknown field \"spec.bogus\"\n",
            result.Error);
        await AssertNoSnapshotsAsync();
    }

    [SkippableFact]
    public async Task Create_UnknownFieldWithValidateWarn_PrintsTheWarningAndCreates()
    {
        _fixture.SkipIfUnavailable();

        var result = await Kubectl.RunAsync($"create --validate=warn -n {Namespace} -f -", SeedManifests.Snapshot + "\n  bogus: 1\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Warning: unknown field \"spec.bogus\"\n", result.Error);
        Assert.Equal("virtualmachinesnapshot.snapshot.kubevirt.io/snap-larry created\n", result.Output);
        Assert.Null((await ReadSnapshotAsync("snap-larry"))["spec"]!["bogus"]);
    }

    [SkippableFact]
    public async Task Create_UnknownFieldWithValidateIgnore_CreatesSilently()
    {
        _fixture.SkipIfUnavailable();

        var result = await Succeeds($"create --validate=ignore -n {Namespace} -f -", SeedManifests.Snapshot + "\n  bogus: 1\n");

        Assert.Equal("virtualmachinesnapshot.snapshot.kubevirt.io/snap-larry created\n", result.Output);
        Assert.Null((await ReadSnapshotAsync("snap-larry"))["spec"]!["bogus"]);
    }

    [SkippableFact]
    public async Task Create_ConfigMapWithUnknownMetadataField_IsRejectedByDefault()
    {
        _fixture.SkipIfUnavailable();
        const string ConfigMapYaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              colour: blue
            data:
              a: "1"
            """;

        var strict = await Kubectl.RunAsync($"create -n {Namespace} -f -", ConfigMapYaml);
        var warned = await Kubectl.RunAsync($"create --validate=warn -n {Namespace} -f -", ConfigMapYaml);

        Assert.Equal(
            "Error from server (BadRequest): error when creating \"STDIN\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"metadata.colour\"\n",
            strict.Error);
        Assert.Equal((0, "Warning: unknown field \"metadata.colour\"\n"), (warned.ExitCode, warned.Error));
    }
}
