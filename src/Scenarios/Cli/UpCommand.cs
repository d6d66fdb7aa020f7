using System.CommandLine;
using System.Security.Cryptography;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Loading;
using Harness.Runtime;
using Harness.Scenarios.Cluster;
using Microsoft.Extensions.Hosting;

namespace Harness.Scenarios.Cli;

/// <summary>
/// <c>harness up [--kubeconfig PATH] [--port N] [--load PATH...]</c>: runs the embedded API server in the foreground (with a
/// loaded dump's objects, when given), writes its kubeconfig,
/// prints <c>export KUBECONFIG=...</c> and <c>ready</c>, and stops cleanly on Ctrl+C or SIGTERM.
/// </summary>
internal static class UpCommand
{
    public const string DefaultKubeconfigPath = ".harness/kubeconfig";

    public static Command Create(IReadOnlyList<UpComponentFactory> components)
    {
        var kubeconfig = new Option<string>("--kubeconfig")
        {
            Description = "Where to write the kubeconfig",
            DefaultValueFactory = _ => DefaultKubeconfigPath,
            HelpName = "PATH",
        };
        kubeconfig.AcceptLegalFilePathsOnly();
        var port = new Option<int>("--port")
        {
            Description = "TCP port on 127.0.0.1 (0: any free port)",
            DefaultValueFactory = _ => 0,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(token => token.Value));
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= 65535)
                {
                    return value;
                }

                result.AddError($"--port must be a number from 0 to 65535, not '{text}'");
                return 0;
            },
            HelpName = "N",
        };
        var backend = new Option<UpBackend>("--backend")
        {
            Description = "The API server: embedded (in this process), binaries (etcd + kube-apiserver from KUBEBUILDER_ASSETS) or existing (the cluster of KUBECONFIG)",
            DefaultValueFactory = _ => UpBackend.Embedded,
            HelpName = "embedded|binaries|existing",
        };
        var controller = new Option<ControllerPlacement>("--controller")
        {
            Description = "The snapshot/restore controller: in-process (in this process, the fastest start), process (a harness-controller process) or none (bring your own)",
            DefaultValueFactory = _ => ControllerPlacement.InProcess,
            HelpName = "in-process|process|none",
            CustomParser = result => CliValues.Choice(
                result, "--controller", ("in-process", ControllerPlacement.InProcess), ("process", ControllerPlacement.Process), ("none", ControllerPlacement.None)),
        };
        var load = new Option<string[]>("--load")
        {
            Description = "Load a dump of a cluster's objects (files or folders: kubectl get -o yaml|json output, multi-document YAML, must-gather folders) before anything starts",
            HelpName = "PATH",
            AllowMultipleArgumentsPerToken = true,
        };
        var quiet = new Option<bool>("--quiet")
        {
            Description = "Print only the export KUBECONFIG=... and ready lines, not what runs",
        };
        var command = new Command(
            "up",
            "Run a cluster in the foreground until Ctrl+C or SIGTERM: the API server (kubectl-ready); the KubeVirt simulator (VM -> VMI, " +
            "freeze/unfreeze through subresources.kubevirt.io, CDI DataVolumes); a CSI driver process (csi.harness.kubevirt.io, " +
            "StorageClass harness-csi, VolumeSnapshotClass harness-csi-snapshots) with its snapshotter and provisioner; one guest-agent " +
            "process per running VM; and the snapshot and restore controllers with their admission webhook, in this process or a harness-controller process")
        {
            kubeconfig,
            port,
            backend,
            controller,
            load,
            quiet,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetRequiredValue(kubeconfig),
            parse.GetValue(port),
            parse.GetValue(backend),
            parse.GetValue(controller),
            parse.GetValue(quiet),
            parse.GetValue(load) ?? [],
            components,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string kubeconfigPath,
        int port,
        UpBackend backend,
        ControllerPlacement controller,
        bool quiet,
        IReadOnlyList<string> load,
        IReadOnlyList<UpComponentFactory> components,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<SourcedObject> dump = [];
        if (load.Count > 0)
        {
            if (backend != UpBackend.Embedded)
            {
                await error.WriteLineAsync("harness up --load: a dump loads only into the embedded API server (uids and statuses as found), not with --backend " + backend.ToString().ToLowerInvariant());
                return 1;
            }

            try
            {
                dump = ObjectDump.Read(load);
            }
            catch (ObjectLoadException e)
            {
                await error.WriteLineAsync($"harness up --load: the dump cannot be loaded, nothing was:{Environment.NewLine}{e.Message}");
                return 1;
            }
        }

#pragma warning disable RS0030 // composition root of harness up: the real clock and the thread pool
        var time = TimeProvider.System;
        var tasks = Task.Factory;
#pragma warning restore RS0030
        if (backend == UpBackend.Binaries && TestEnvironment.BinaryOptions(new TestEnvironmentOptions { TimeProvider = time, TaskFactory = tasks }) is null)
        {
            await error.WriteLineAsync(
                "harness up --backend binaries: KUBEBUILDER_ASSETS must name a folder holding etcd and kube-apiserver " +
                "(export KUBEBUILDER_ASSETS=\"$(../shared/reference-binaries/unpack)\", or setup-envtest's folder)");
            return 1;
        }

        using var signals = new TerminationSignals(cancellationToken);
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            Backend = null,
            TimeProvider = time,
            TaskFactory = tasks,
            Port = port,
            KubeconfigPath = kubeconfigPath,
            Seed = RandomNumberGenerator.GetInt32(int.MaxValue),
            EnvironmentVariable = backend switch
            {
                UpBackend.Binaries => name => name == "USE_EXISTING_CLUSTER" ? null : Environment.GetEnvironmentVariable(name),
                UpBackend.Existing => name => name == "USE_EXISTING_CLUSTER" ? "true" : Environment.GetEnvironmentVariable(name),
                _ => _ => null,
            },
            WebhookInstallOptions = new WebhookInstallOptions { Webhooks = HarnessCluster.Webhooks },
            Dump = dump,
        });
        var settings = new UpSettings(
            controller,
            quiet,
            environment.Backend is ExistingClusterBackend existing ? existing.KubeconfigPath : Path.GetFullPath(kubeconfigPath),
            StartsEmpty: backend == UpBackend.Embedded && dump.Count == 0);
        if (backend != UpBackend.Existing && File.Exists(settings.KubeconfigPath))
        {
            // An earlier run's kubeconfig names a server that is gone: the controller, started before this server is
            // ready (the file is written then), would try that one until then.
            File.Delete(settings.KubeconfigPath);
        }

        var started = new List<IHostedService>();
        try
        {
            // Components are made before the API server starts, and begin what needs no server (launching a process)
            // on another thread while this one starts the API server.
            var made = components.Select(factory => factory(environment, settings)).ToList();
            var beginning = tasks.StartNew(() => BeginAsync(made, started, signals.Token)).Unwrap();
            int? failed;
            try
            {
                failed = await StartEnvironmentAsync(environment, port, error, signals.Token);
            }
            finally
            {
                await beginning;
            }

            if (failed is not null)
            {
                return failed.Value;
            }

            foreach (var component in made)
            {
                await component.StartAsync(signals.Token);
            }

            if (dump.Count > 0)
            {
                await output.WriteLineAsync($"loaded {dump.Count} objects");
            }

            await output.WriteLineAsync($"export KUBECONFIG={environment.KubeconfigPath}");
            await output.WriteLineAsync("ready");
            if (!settings.Quiet)
            {
                await UpSummary.WriteAsync(output, environment, backend, started);
            }

            await output.FlushAsync(CancellationToken.None);
            await WaitForTerminationAsync(signals.Token);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            // Stopped while starting a component.
        }
        finally
        {
            started.Reverse();
            foreach (var component in started)
            {
                await component.StopAsync(CancellationToken.None);
            }

            await environment.StopAsync(CancellationToken.None);
        }

        return 0;
    }

    /// <summary>Begins <paramref name="made"/> in order (<see cref="IHostedLifecycleService.StartingAsync"/>), each added to <paramref name="started"/> first.</summary>
    private static async Task BeginAsync(IReadOnlyList<IHostedService> made, List<IHostedService> started, CancellationToken cancellationToken)
    {
        foreach (var component in made)
        {
            started.Add(component);
            if (component is IHostedLifecycleService lifecycle)
            {
                await lifecycle.StartingAsync(cancellationToken);
            }
        }
    }

    /// <summary>Starts the API server; the exit code when it could not (an error printed), or null.</summary>
    private static async Task<int?> StartEnvironmentAsync(TestEnvironment environment, int port, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await environment.StartAsync(cancellationToken);
            return null;
        }
        catch (IOException bindFailed)
        {
            await error.WriteLineAsync($"harness up: cannot listen on 127.0.0.1:{port}: {bindFailed.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (ObjectLoadException e)
        {
            await error.WriteLineAsync($"harness up --load: the dump cannot be loaded, nothing was:{Environment.NewLine}{e.Message}");
            return 1;
        }
    }

    private static async Task WaitForTerminationAsync(CancellationToken terminated)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (terminated.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }
    }
}
