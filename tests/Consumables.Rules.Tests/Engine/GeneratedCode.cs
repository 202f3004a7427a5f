using System.Reflection;
using Consumables.Rules.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Consumables.Rules.Tests.Engine;

/// <summary>Compiles C# (the engine's generated code, the documentation's examples) as a project with warnings as errors and overflow checks would.</summary>
internal static class GeneratedCode
{
    private static readonly Lazy<MetadataReference[]> References = new(static () =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(CompiledRuleSet<>).Assembly.Location)
            .Append(typeof(GeneratedCode).Assembly.Location)
            .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(static a => !a.IsDynamic && a.GetName().Name!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)).Select(static a => a.Location))
            .DistinctBy(Path.GetFileName)
            .Select(static path => MetadataReference.CreateFromFile(path))]);

    /// <summary>Compiles the sources into one loaded assembly; any warning or error fails the test with the offending lines.</summary>
    internal static Assembly Compile(IEnumerable<string> sources, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var trees = sources.Select(static source => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))).ToArray();
        var compilation = CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            trees,
            References.Value,
            new CSharpCompilationOptions(kind, optimizationLevel: OptimizationLevel.Release, checkOverflow: true, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
        {
            throw new InvalidOperationException("The code does not compile cleanly:\n" + string.Join('\n', problems.Take(10).Select(static d => $"{d} — {d.Location.SourceTree?.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start)}")));
        }

        return Assembly.Load(image.ToArray());
    }

    /// <summary>Gets the <c>RuleSet</c> property of a generated class.</summary>
    internal static PrecompiledRuleSet<TFacts> RuleSet<TFacts>(Assembly assembly, string className)
        where TFacts : struct =>
        (PrecompiledRuleSet<TFacts>)assembly.GetType(className, throwOnError: true)!.GetProperty("RuleSet", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
}
