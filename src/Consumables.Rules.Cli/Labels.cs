using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Consumables.Rules.Cli;

/// <summary>
/// The words the tool shows people, in one language: table headers, summaries, the reconciliation page, explain text.
/// Each language is one resource file (<c>Text/en.json</c>, <c>Text/zh-CN.json</c>) with the same keys; machine formats
/// (CSV, JSON field names) never change with the language.
/// </summary>
internal sealed class Labels
{
    /// <summary>The languages served, the first the fallback.</summary>
    internal static readonly string[] Names = ["en", "zh-CN"];

    private static readonly Dictionary<string, Labels> Loaded = Names.ToDictionary(static n => n, static n => new Labels(n, Read(n)), StringComparer.OrdinalIgnoreCase);

    private readonly IReadOnlyDictionary<string, string> _text;

    private Labels(string name, IReadOnlyDictionary<string, string> text) => (Name, _text) = (name, text);

    /// <summary>Gets the English labels.</summary>
    internal static Labels English => Loaded["en"];

    /// <summary>Gets the language's name: <c>en</c> or <c>zh-CN</c>.</summary>
    internal string Name { get; }

    /// <summary>Gets a value indicating whether the language is Chinese (labels go beside the platform's field names).</summary>
    internal bool IsChinese => Name.StartsWith("zh", StringComparison.Ordinal);

    /// <summary>Gets the keys of the language's file.</summary>
    internal IEnumerable<string> Keys => _text.Keys;

    /// <summary>Gets the text of a key; a key missing from the file is a bug a test catches, shown as the key itself.</summary>
    internal string this[string key] => _text.TryGetValue(key, out var text) ? text : key;

    /// <summary>Gets <c>--lang zh-CN|en</c>, on every verb; the default follows the console's language (the culture).</summary>
    internal static Option<string?> Option { get; } = CreateOption();

    /// <summary>The labels of a language name (<c>en</c>, <c>zh-CN</c>, or any <c>zh-*</c>).</summary>
    internal static Labels For(string? name) =>
        name is not null && Loaded.TryGetValue(name, out var labels) ? labels
        : name is not null && name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Loaded["zh-CN"]
        : English;

    /// <summary>The language a culture reads best: Chinese for any <c>zh</c> culture, English otherwise.</summary>
    internal static string NameFor(CultureInfo culture) => culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";

    /// <summary>The labels chosen on the command line, else the console's.</summary>
    internal static Labels From(ParseResult parse, CliConsole console) => For(parse.GetValue(Option) ?? console.Language);

    /// <summary>Formats a label with invariant numbers: <c>{0}</c> and so on.</summary>
    internal string Format(string key, params object?[] values) => string.Format(CultureInfo.InvariantCulture, this[key], values);

    /// <summary>A reconciliation cause by its name, with its Chinese label in Chinese: <c>先行自付比例 ratio</c>.</summary>
    internal string Cause(string name) => this["cause." + name] is { Length: > 0 } label && label != "cause." + name ? $"{label} {name}" : name;

    /// <summary>A platform field with its label: <c>先行自付 preselfpay_amt</c> in Chinese, the field name alone in English.</summary>
    internal string Field(string field) => this["label." + field] is { Length: > 0 } label && label != "label." + field ? $"{label} {field}" : field;

    private static Dictionary<string, string> Read(string name)
    {
        using var stream = typeof(Labels).Assembly.GetManifestResourceStream($"Labels.{name}.json")
            ?? throw new InvalidOperationException($"The labels of '{name}' are not embedded.");
        return JsonSerializer.Deserialize(stream, LabelsJson.Default.DictionaryStringString)!;
    }

    private static Option<string?> CreateOption()
    {
        var option = new Option<string?>("--lang")
        {
            Description = "The language of tables, summaries, the reconciliation page and explain: zh-CN or en (default: the system's language). CSV and JSON field names never change.",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong(Names);
        return option;
    }
}

/// <summary>The source-generated reader of the label files (the tool is trimmed-safe without reflection).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LabelsJson : System.Text.Json.Serialization.JsonSerializerContext;
