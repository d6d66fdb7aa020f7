using System.Diagnostics;
using System.Text.Json;
using Harness.EnvTest.Environment;
using Harness.Scenarios.Cli;
using Harness.Scenarios.Running;
using Harness.Scenarios.Tests.Cluster;
using YamlDotNet.RepresentationModel;

namespace Harness.Scenarios.Tests.Deploy;

/// <summary>
/// The million-seed campaign of <c>deploy/</c> as it would run: the Indexed Job's pods and the CI matrix's jobs, their
/// commands expanded by the shell as Kubernetes and the CI runner would, are valid <c>harness</c> command lines whose
/// shards cover seeds 1..1,000,000 exactly once; the Job is accepted by kube-apiserver; the image runs what it publishes;
/// and docs/chaos.md shows these files as they are.
/// </summary>
public sealed class CampaignManifestTests
{
    private const ulong CampaignSeeds = 1_000_000;

    [Fact]
    public async Task IndexedJob_EveryPodRunsOneShard_TogetherEverySeedOnce()
    {
        var job = Documents("chaos-job.yaml").Single(d => Scalar(d, "kind") == "Job");
        var completions = int.Parse(Scalar(job, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture);
        var container = (YamlMappingNode)((YamlSequenceNode)Node(job, "spec", "template", "spec", "containers")).Children.Single();
        Assert.Equal("Indexed", Scalar(job, "spec", "completionMode"));
        Assert.Equal(["/bin/sh", "-c"], Strings(container, "command"));

        var script = Strings(container, "args").Single();
        var pods = await ExpandAsync($"for i in $(seq 0 {completions - 1}); do JOB_COMPLETION_INDEX=$i sh -c \"$POD\"; done", ("POD", script));

        Assert.Equal(completions, pods.Count);
        Assert.All(pods, argv => Assert.Equal(PublishedEntryPoint(), argv[0]));
        AssertPartition([.. pods.Select(argv => argv[1..])], completions);
    }

    [Fact]
    public async Task ReportPod_MergesTheShardFolders()
    {
        var pod = Documents("chaos-report.yaml").Single();
        var container = (YamlMappingNode)((YamlSequenceNode)Node(pod, "spec", "containers")).Children.Single();

        var argv = (await ExpandAsync(Strings(container, "args").Single())).Single();

        Assert.Equal(PublishedEntryPoint(), argv[0]);
        var parse = HarnessCommandLine.Create([]).Parse(argv[1..]);
        Assert.Empty(parse.Errors);
        Assert.Equal("report", parse.CommandResult.Command.Name);
        Assert.Equal(["/results/shard-*"], argv[2..]);
        Assert.Equal("harness-chaos-results", Scalar(((YamlSequenceNode)Node(pod, "spec", "volumes")).Children.Single(), "persistentVolumeClaim", "claimName"));
    }

    [Fact]
    public async Task CiMatrix_EveryJobRunsOneShard_TogetherEverySeedOnce()
    {
        var workflow = Documents("chaos-matrix.yml").Single();
        var plan = Steps(workflow, "plan").Single();
        var output = Path.GetTempFileName();
        await ExpandAsync(Scalar(plan, "run"), ("GITHUB_OUTPUT", output));
        var shards = JsonSerializer.Deserialize<int[]>(File.ReadAllText(output).Trim().Split('=', 2)[1])!;
        File.Delete(output);
        var run = Steps(workflow, "shard").Select(s => Scalar(s, "run")).Single(r => r.Length > 0);
        var report = Steps(workflow, "report").Select(s => Scalar(s, "run")).Single(r => r.Length > 0);

        const string Prefix = "dotnet run -c Release --project src/Scenarios -- ";
        Assert.StartsWith(Prefix, run, StringComparison.Ordinal);
        Assert.StartsWith(Prefix, report, StringComparison.Ordinal);
        Assert.Empty(HarnessCommandLine.Create([]).Parse(report[Prefix.Length..].Split(' ')).Errors);
        var jobs = shards.Select(shard => run.Replace("${{ matrix.shard }}", shard.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)[Prefix.Length..].Split(' ')).ToList();
        AssertPartition(jobs, shards.Length);
    }

    [Fact]
    public void Docs_ShowTheImageTheJobAndTheMatrixAsTheyAre()
    {
        var page = File.ReadAllText(RepositoryRoot.File("docs", "chaos.md"));
        var readme = File.ReadAllText(RepositoryRoot.File("README.md"));
        var dockerfile = File.ReadAllText(RepositoryRoot.File("deploy", "Dockerfile"));
        var job = File.ReadAllText(RepositoryRoot.File("deploy", "chaos-job.yaml"));

        Assert.All(["Dockerfile", "chaos-job.yaml", "chaos-report.yaml", "chaos-matrix.yml"], file =>
            Assert.Contains(File.ReadAllText(RepositoryRoot.File("deploy", file)), page, StringComparison.Ordinal));
        var build = dockerfile.Split('\n').Select(l => l.TrimStart('#', ' ')).Single(l => l.StartsWith("docker build ", StringComparison.Ordinal));
        Assert.Contains(build, page, StringComparison.Ordinal);
        Assert.Contains(build, readme, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -f deploy/chaos-job.yaml", readme, StringComparison.Ordinal);
        var words = build.Split(' ');
        Assert.Contains($"image: {words[Array.IndexOf(words, "-t") + 1]}:latest", job, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task JobAndReportPod_KubeApiServerAcceptsThem()
    {
        var binaries = TestEnvironment.BinaryOptions(new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory });
        Skip.If(binaries is null, "set KUBEBUILDER_ASSETS to a folder with etcd and kube-apiserver (export KUBEBUILDER_ASSETS=\"$(../shared/reference-binaries/unpack)\")");
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            Backend = new BinaryApiServerBackend(binaries!),
            EnvironmentVariable = _ => null,
        });
        await environment.StartAsync();

        var applied = await new Kubectl(environment.KubeconfigPath).RunAsync(
            "apply", "--dry-run=server", "-f", RepositoryRoot.File("deploy", "chaos-job.yaml"), "-f", RepositoryRoot.File("deploy", "chaos-report.yaml"));

        Assert.Contains("persistentvolumeclaim/harness-chaos-results created (server dry run)", applied, StringComparison.Ordinal);
        Assert.Contains("job.batch/harness-chaos created (server dry run)", applied, StringComparison.Ordinal);
        Assert.Contains("pod/harness-chaos-report created (server dry run)", applied, StringComparison.Ordinal);
    }

    // The harness.dll the image's entry point runs: the Dockerfile publishes into the folder it then copies and runs from.
    private static string PublishedEntryPoint()
    {
        var dockerfile = File.ReadAllLines(RepositoryRoot.File("deploy", "Dockerfile"));
        var publish = dockerfile.Single(l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal)).Split(' ');
        var folder = publish[Array.IndexOf(publish, "-o") + 1];
        var entryPoint = JsonSerializer.Deserialize<string[]>(dockerfile.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..])!;
        Assert.Equal(["dotnet", $"{folder}/harness.dll"], entryPoint);
        return entryPoint[1];
    }

    // Each command line parses, and the shards of --seeds N cover seeds 1..N exactly once, each shard in its own folder.
    private static void AssertPartition(IReadOnlyList<string[]> commandLines, int shards)
    {
        var covered = new bool[CampaignSeeds + 1];
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arguments in commandLines)
        {
            var parse = HarnessCommandLine.Create([]).Parse(arguments);
            Assert.Empty(parse.Errors);
            Assert.Equal("chaos", parse.CommandResult.Command.Name);
            Assert.Equal(CampaignSeeds.ToString(System.Globalization.CultureInfo.InvariantCulture), Option(arguments, "--seeds"));
            var (shard, of) = SeedSelection.ParseShard(Option(arguments, "--shard"));
            Assert.Equal(shards, of);
            Assert.True(folders.Add(Option(arguments, "--out")), $"two shards write to {Option(arguments, "--out")}");
            foreach (var seed in new SeedSelection(1, CampaignSeeds, shard, of).Seeds())
            {
                Assert.False(covered[seed], $"seed {seed} runs twice");
                covered[seed] = true;
            }
        }

        Assert.Equal(shards, folders.Count);
        Assert.All(covered.Skip(1), Assert.True);
    }

    private static string Option(string[] arguments, string name) => arguments[Array.IndexOf(arguments, name) + 1];

    // Runs a shell script with a stand-in `dotnet` on the PATH that prints its arguments, one invocation per line.
    private static async Task<List<string[]>> ExpandAsync(string script, params (string Name, string Value)[] variables)
    {
        var bin = Directory.CreateTempSubdirectory("harness-deploy-").FullName;
        try
        {
            var dotnet = Path.Combine(bin, "dotnet");
            await File.WriteAllTextAsync(dotnet, "#!/bin/sh\nprintf '%s\\t' \"$@\"\necho\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }
            var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
            foreach (var (name, value) in variables)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"sh -c '{script}': exit {process.ExitCode}: {error}");
            return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\t').Split('\t'))];
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    private static List<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryRoot.File("deploy", file))));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode workflow, string job) =>
        ((YamlSequenceNode)Node(workflow, "jobs", job, "steps")).Children.Cast<YamlMappingNode>();

    private static YamlNode Node(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlNode node, params string[] path) =>
        path.Length == 1 && !((YamlMappingNode)node).Children.ContainsKey(new YamlScalarNode(path[0])) ? "" : ((YamlScalarNode)Node(node, path)).Value ?? "";

    private static string[] Strings(YamlNode node, string key) =>
        [.. ((YamlSequenceNode)Node(node, key)).Children.Cast<YamlScalarNode>().Select(s => s.Value ?? "")];
}
