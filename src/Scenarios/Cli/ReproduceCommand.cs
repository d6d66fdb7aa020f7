using System.CommandLine;
using System.Globalization;
using Harness.EnvTest.Loading;
using Harness.Scenarios.Reproducing;

namespace Harness.Scenarios.Cli;

/// <summary>
/// <c>harness reproduce PATH... [--controller in-process|none] [--seed N] [--quiet D] [--limit D]</c>: loads a dump of a
/// cluster's objects into a deterministic simulated cluster, runs the controller until nothing changes, and prints what
/// happened and every unfinished snapshot and restore with the reason it waits. The same dump and seed print the same text.
/// A dump that cannot be loaded prints each error with its file and position and exits 1.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders of the dump (kubectl get -o yaml|json output, multi-document YAML, must-gather folders)", Arity = ArgumentArity.OneOrMore };
        var controller = new Option<ReproducedController>("--controller")
        {
            Description = "The snapshot/restore controller: in-process (the harness's) or none",
            DefaultValueFactory = _ => ReproducedController.InProcess,
            HelpName = "in-process|none",
            CustomParser = result => CliValues.Choice(result, "--controller", ("in-process", ReproducedController.InProcess), ("none", ReproducedController.None)),
        };
        var seed = new Option<ulong>("--seed") { Description = "The seed of the run", DefaultValueFactory = _ => 1, CustomParser = r => CliValues.Seed(r, "--seed"), HelpName = "N" };
        var quiet = new Option<TimeSpan>("--quiet") { Description = "Stop once nothing changed for this long (virtual time, Go duration)", DefaultValueFactory = _ => TimeSpan.FromMinutes(1), CustomParser = r => CliValues.Duration(r, "--quiet"), HelpName = "DURATION" };
        var limit = new Option<TimeSpan>("--limit") { Description = "Stop at this virtual time at the latest (Go duration)", DefaultValueFactory = _ => TimeSpan.FromMinutes(10), CustomParser = r => CliValues.Duration(r, "--limit"), HelpName = "DURATION" };
        var command = new Command("reproduce", "Run a dump of a cluster's objects deterministically with the controller and show what it does and what waits") { paths, controller, seed, quiet, limit };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new ReproductionOptions
            {
                Controller = parse.GetValue(controller),
                Seed = parse.GetValue(seed),
                Quiet = parse.GetValue(quiet),
                Limit = parse.GetValue(limit),
            };
            ReproductionResult result;
            try
            {
                var dump = ObjectDump.Read(parse.GetValue(paths)!);
                if (dump.Count == 0)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"harness reproduce: no Kubernetes objects in {string.Join(", ", parse.GetValue(paths)!)}");
                    return 1;
                }

                result = Reproduction.Run(dump, options);
            }
            catch (ObjectLoadException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"harness reproduce: the dump cannot be loaded, nothing was:{Environment.NewLine}{e.Message}");
                return 1;
            }

            Print(output, result, options);
            return 0;
        });
        return command;
    }

    private static void Print(TextWriter output, ReproductionResult result, ReproductionOptions options)
    {
        var controller = options.Controller == ReproducedController.InProcess ? "in-process" : "none";
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"loaded {result.Loaded.Objects.Count} objects; seed {options.Seed}; controller {controller}; clock from {result.Clock:yyyy-MM-ddTHH:mm:ssZ}"));
        foreach (var ns in result.Loaded.CreatedNamespaces)
        {
            output.WriteLine($"created namespace {ns}");
        }

        foreach (var line in result.Skipped)
        {
            output.WriteLine($"left out {line}");
        }

        foreach (var line in result.Adopted)
        {
            output.WriteLine($"adopted {line}");
        }

        output.WriteLine("--- what happened");
        foreach (var e in result.Events)
        {
            output.WriteLine(e);
        }

        output.WriteLine($"--- {result.Ending}");
        output.WriteLine(result.Unfinished.Count == 0 ? "--- every snapshot and restore finished" : "--- unfinished");
        foreach (var line in result.Unfinished)
        {
            output.WriteLine(line);
        }
    }
}
