using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>
/// A hospital's mapping table (对照表) from its own item codes (<c>medins_list_codg</c>) to national consumable codes
/// (<c>med_list_codg</c>). A line that carries only its hospital code is priced under the national code the table names;
/// a hospital code the table lacks is an <c>unmapped-code</c> error naming it.
/// </summary>
/// <remarks>Immutable and thread-safe; <see cref="TryMap"/> allocates nothing.</remarks>
public sealed class HospitalCodeMap
{
    private readonly FrozenDictionary<string, ConsumableCode> _codes;

    private HospitalCodeMap(FrozenDictionary<string, ConsumableCode> codes) => _codes = codes;

    /// <summary>Gets the empty table.</summary>
    public static HospitalCodeMap Empty { get; } = new(FrozenDictionary<string, ConsumableCode>.Empty);

    /// <summary>Gets the pairs of hospital code and national code.</summary>
    public IEnumerable<KeyValuePair<string, ConsumableCode>> Pairs => _codes;

    /// <summary>Gets the number of hospital codes mapped.</summary>
    public int Count => _codes.Count;

    /// <summary>Creates a table from pairs of hospital code and national code.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A hospital code is empty or mapped to two different national codes.</exception>
    public static HospitalCodeMap Create(IEnumerable<KeyValuePair<string, ConsumableCode>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var codes = new Dictionary<string, ConsumableCode>(StringComparer.Ordinal);
        foreach (var (hospital, national) in pairs)
        {
            if (string.IsNullOrEmpty(hospital))
            {
                throw new ArgumentException("A hospital code (medins_list_codg) is empty.", nameof(pairs));
            }

            if (codes.TryGetValue(hospital, out var existing) && existing != national)
            {
                throw new ArgumentException($"Hospital code '{hospital}' is mapped to both {existing} and {national}.", nameof(pairs));
            }

            codes[hospital] = national;
        }

        return new HospitalCodeMap(codes.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// Reads a table: a JSON array of <c>{ "medins_list_codg": …, "med_list_codg": … }</c> objects, or CSV (UTF-8) with a
    /// header row naming the columns <c>medins_list_codg</c> and <c>med_list_codg</c> (other columns are ignored).
    /// </summary>
    /// <param name="stream">The table.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The table cannot be read; the message lists every bad row.</exception>
    public static HospitalCodeMap Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(new BoundedStream(stream, PolicyFile.MaxBytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        var problems = new List<string>();
        var pairs = text.TrimStart().StartsWith('[') ? ReadJson(text, problems) : ReadCsv(text, problems);
        var codes = new Dictionary<string, (int Row, ConsumableCode Code)>(StringComparer.Ordinal);
        foreach (var (row, hospital, national) in pairs)
        {
            if (!codes.TryAdd(hospital, (row, national)) && codes[hospital] is var (first, existing) && existing != national)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"rows {first} and {row}: hospital code '{hospital}' is mapped to {existing} on row {first} and to {national} on row {row}."));
            }
        }

        return problems.Count > 0
            ? throw new InvalidDataException("The mapping table (对照表) is invalid:\n" + string.Join('\n', problems))
            : new HospitalCodeMap(codes.ToFrozenDictionary(static p => p.Key, static p => p.Value.Code, StringComparer.Ordinal));
    }

    /// <summary>Reads a table from a file (<see cref="Load"/>).</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The table.</returns>
    /// <exception cref="InvalidDataException">The table cannot be read; the message lists every bad row.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static HospitalCodeMap LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Load(stream);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Finds the national code of a hospital code.</summary>
    /// <param name="hospitalCode">The hospital's own code (<c>medins_list_codg</c>).</param>
    /// <param name="code">The national 27-character code.</param>
    /// <returns><see langword="true"/> when mapped.</returns>
    public bool TryMap(string hospitalCode, out ConsumableCode code) => _codes.TryGetValue(hospitalCode, out code);

    private static List<(int Row, string Hospital, ConsumableCode National)> ReadJson(string text, List<string> problems)
    {
        var pairs = new List<(int, string, ConsumableCode)>();
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 });
            var row = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row++;
                string? Field(string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                Add(pairs, problems, row, Field(FieldNames.HospitalItemCode), Field(FieldNames.Code));
            }
        }
        catch (JsonException ex)
        {
            problems.Add($"not valid JSON: {ex.Message}");
        }

        return pairs;
    }

    private static List<(int Row, string Hospital, ConsumableCode National)> ReadCsv(string text, List<string> problems)
    {
        var pairs = new List<(int, string, ConsumableCode)>();
        var lines = text.Split('\n');
        var header = lines[0].TrimEnd('\r').Split(',');
        var hospitalColumn = Array.IndexOf(header, FieldNames.HospitalItemCode);
        var codeColumn = Array.IndexOf(header, FieldNames.Code);
        if (hospitalColumn < 0 || codeColumn < 0)
        {
            problems.Add($"the header row must name the columns {FieldNames.HospitalItemCode} and {FieldNames.Code}; it is '{lines[0].TrimEnd('\r')}'.");
            return pairs;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            Add(pairs, problems, i + 1, hospitalColumn < cells.Length ? cells[hospitalColumn] : null, codeColumn < cells.Length ? cells[codeColumn] : null);
        }

        return pairs;
    }

    private static void Add(List<(int, string, ConsumableCode)> pairs, List<string> problems, int row, string? hospital, string? national)
    {
        var inv = CultureInfo.InvariantCulture;
        if (string.IsNullOrEmpty(hospital))
        {
            problems.Add(string.Create(inv, $"row {row}: {FieldNames.HospitalItemCode} is missing."));
        }
        else if (!ConsumableCode.TryParse(national.AsSpan(), out var code, out var error))
        {
            problems.Add(string.Create(inv, $"row {row}: {FieldNames.Code} '{national}' of hospital code '{hospital}': {error.Message}"));
        }
        else
        {
            pairs.Add((row, hospital, code));
        }
    }
}
