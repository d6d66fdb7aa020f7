using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Harness.Analyzers.Tests;

/// <summary>
/// Compiles C# as a component project does: against the shared framework, with the banned-API analyzer that the build
/// runs (Microsoft.CodeAnalysis.BannedApiAnalyzers, loaded from its package) and the repository's <c>BannedSymbols.txt</c>.
/// </summary>
internal static class BannedApiAnalysis
{
    public const string BannedApiDiagnostic = "RS0030";

    private static readonly ImmutableArray<MetadataReference> Framework =
    [
        .. Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll")
            .Where(IsManagedAssembly)
            .Select(path => MetadataReference.CreateFromFile(path)),
    ];

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = LoadAnalyzers();

    public static string BannedSymbolsPath { get; } = RepositoryRoot.File("BannedSymbols.txt");

    /// <summary>A compilation of <paramref name="source"/> that compiles without errors.</summary>
    public static CSharpCompilation Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Component",
            [CSharpSyntaxTree.ParseText(source, path: "Component.cs")],
            Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"the test source does not compile: {string.Join("; ", errors)}");
        return compilation;
    }

    /// <summary>The banned-API diagnostics for <paramref name="statements"/>, written in an async method of a component.</summary>
    public static async Task<IReadOnlyList<Diagnostic>> BannedUsesAsync(string statements)
    {
        var source = $$"""
            using System;
            using System.Diagnostics;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            internal static class Component
            {
                internal static async Task RunAsync(Task task, Task<int> result, ValueTask<int> value, CancellationTokenSource source, TimeProvider time, TaskFactory factory)
                {
                    {{statements}}
                    await Task.CompletedTask;
                }
            }
            """;
        var options = new AnalyzerOptions([new FileText(BannedSymbolsPath)]);
        var diagnostics = await Compile(source).WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.Where(d => d.Id == BannedApiDiagnostic)];
    }

    private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "BannedApiAnalyzers", "Microsoft.CodeAnalysis.CSharp.BannedApiAnalyzers.dll");
        var analyzers = Assembly.LoadFrom(path).GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            .Where(type => type.GetCustomAttribute<DiagnosticAnalyzerAttribute>()?.Languages.Contains(LanguageNames.CSharp) == true)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        Assert.NotEmpty(analyzers);
        return analyzers;
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(path));
    }
}
