using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Import;

/// <summary>
/// <c>import catalogue|products|recoding|disabled</c>: turns the province's catalogue spreadsheet and NHSA's tables into a
/// policy file. Rows that cannot be read are listed on standard error with their row numbers; the rest are imported.
/// Nothing usable (no header recognised, or no row read) is exit 2.
/// </summary>
internal static class ImportCommand
{
    /// <summary>The usual headers of the province's catalogue, by field (matched without spaces).</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> CatalogueHeaders = new Dictionary<string, string[]>
    {
        ["code"] = ["15位编码", "医保耗材分类代码", "耗材分类代码", "分类代码"],
        ["level1"] = ["一级分类"],
        ["level2"] = ["二级分类"],
        ["level3"] = ["三级分类"],
        ["name"] = ["医保通用名", "通用名"],
        ["material"] = ["材质"],
        ["feature"] = ["特征"],
        ["category"] = ["支付类别", "医保类别"],
        ["valueClass"] = ["值类", "高值低值", "高低值"],
        ["maxPaymentLimit"] = ["最高支付限价", "支付限价"],
        ["restriction"] = ["限定支付条件", "限定支付范围"],
        ["serviceItems"] = ["限定项目编码", "限定服务项目"],
    };

    internal static readonly IReadOnlyDictionary<string, string[]> ProductHeaders = new Dictionary<string, string[]>
    {
        ["code"] = ["27位码", "医保耗材代码", "耗材代码"],
        ["registration"] = ["注册备案号", "注册证编号", "注册证号"],
    };

    internal static readonly IReadOnlyDictionary<string, string[]> RecodingHeaders = new Dictionary<string, string[]>
    {
        ["from"] = ["原27位码", "原代码"],
        ["to"] = ["27位码", "新27位码", "新代码"],
    };

    internal static readonly IReadOnlyDictionary<string, string[]> DisabledHeaders = new Dictionary<string, string[]>
    {
        ["code"] = ["27位码", "停用代码", "医保耗材代码"],
    };

    internal static Command Create(CliConsole console)
    {
        var command = new Command("import", "Write a policy file from the province's catalogue spreadsheet or NHSA's tables.");
        command.Subcommands.Add(Catalogue(console));
        command.Subcommands.Add(Merge(console, "products", "Add NHSA's per-product file (27位码, 注册备案号, …) to a policy.", ProductHeaders, ["code"], AddProduct));
        command.Subcommands.Add(Merge(console, "recoding", "Add NHSA's recoding table (原27位码 → 27位码) to a policy.", RecodingHeaders, ["from", "to"], AddRecoding));
        command.Subcommands.Add(Merge(console, "disabled", "Mark the codes of NHSA's disabled-code table as disabled in a policy.", DisabledHeaders, ["code"], AddDisabled));
        return command;
    }

    private static Command Catalogue(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The catalogue spreadsheet: .xlsx, .xls or .csv." };
        var output = new Option<string>("--output", "-o") { Description = "The policy file to write.", Required = true };
        var id = new Option<string>("--id") { Description = "The policy version id.", Required = true };
        var title = new Option<string>("--title") { Description = "The title.", DefaultValueFactory = _ => string.Empty };
        var province = new Option<string>("--province") { Description = "The province code, e.g. 140000.", Required = true };
        var from = new Option<string>("--from") { Description = "The first day in force, yyyy-MM-dd.", Required = true };
        var itemCap = new Option<decimal>("--item-cap") { Description = "The item cap in yuan.", DefaultValueFactory = _ => 50_000m };
        var valueClass = new Option<string?>("--value-class") { Description = "high or low, for sheets without a value-class column." };
        var mapping = new Option<string?>("--mapping") { Description = "A JSON file mapping fields to your headers: {\"code\": \"编码\", …}." };
        var command = new Command("catalogue", "Write a policy file from the province's catalogue spreadsheet.") { file, output, id, title, province, from, itemCap, valueClass, mapping };
        command.SetAction(parse =>
        {
            var headers = WithMapping(CatalogueHeaders, parse.GetValue(mapping));
            var (columns, rows) = Columns(parse.GetValue(file)!, headers, "code", "name", "category");
            if (!AdministrativeDivision.TryParse(parse.GetValue(province), out var provinceCode) || !DateOnly.TryParseExact(parse.GetValue(from), "yyyy-MM-dd", out var start))
            {
                throw new UsageException("--province must be 6 digits and --from a date yyyy-MM-dd.");
            }

            var builder = new PolicyBuilder(parse.GetValue(id)!, provinceCode, start).WithTitle(parse.GetValue(title)!).WithItemCap(parse.GetValue(itemCap));
            var defaultClass = parse.GetValue(valueClass);
            var skipped = new List<string>();
            foreach (var row in rows)
            {
                var entry = ReadEntry(row, columns, defaultClass, out var why);
                if (entry is null)
                {
                    skipped.Add($"row {row.Number}: {why}");
                    continue;
                }

                builder.AddEntry(entry);
            }

            return Finish(console, builder, parse.GetValue(output)!, rows.Count, skipped, [parse.GetValue(file), parse.GetValue(mapping)]);
        });
        return command;
    }

    private static Command Merge(CliConsole console, string name, string description, IReadOnlyDictionary<string, string[]> headers, string[] required, Func<PolicyBuilder, TableRow, Dictionary<string, string>, string?> add)
    {
        var file = new Argument<string>("FILE") { Description = "The table: .xlsx, .xls or .csv." };
        var into = new Option<string>("--into") { Description = "The policy file to add to.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write (default: overwrite --into)." };
        var mapping = new Option<string?>("--mapping") { Description = "A JSON file mapping fields to your headers." };
        var command = new Command(name, description) { file, into, output, mapping };
        command.SetAction(parse =>
        {
            var (columns, rows) = Columns(parse.GetValue(file)!, WithMapping(headers, parse.GetValue(mapping)), required);
            var builder = PolicyBuilder.From(PolicyFiles.LoadOne(parse.GetValue(into)!));
            var skipped = new List<string>();
            foreach (var row in rows)
            {
                if (add(builder, row, columns) is { } why)
                {
                    skipped.Add($"row {row.Number}: {why}");
                }
            }

            return Finish(console, builder, parse.GetValue(output) ?? parse.GetValue(into)!, rows.Count, skipped, [parse.GetValue(file), parse.GetValue(mapping)]);
        });
        return command;
    }

    private static int Finish(CliConsole console, PolicyBuilder builder, string output, int rows, List<string> skipped, IEnumerable<string?> inputs)
    {
        SafeFile.RefuseInputs(output, inputs.OfType<string>());
        foreach (var line in skipped)
        {
            console.Error.WriteLine("skipped " + line);
        }

        if (rows == skipped.Count)
        {
            throw new UsageException($"No row could be read ({rows} row(s)); nothing was written.");
        }

        var result = builder.TryBuild();
        if (!result.IsValid)
        {
            throw new UsageException($"The imported policy is invalid: {result.Problems.Count} problem(s).", [.. result.Problems.Select(static p => p.ToString())]);
        }

        SafeFile.Write(output, result.Policy!.WriteJson);

        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {output}: {rows - skipped.Count} row(s) imported, {skipped.Count} skipped"));
        return ExitCodes.Success;
    }

    /// <summary>Finds each field's column; the required fields must be found.</summary>
    private static (Dictionary<string, string> Columns, List<TableRow> Rows) Columns(string path, IReadOnlyDictionary<string, string[]> headers, params string[] required)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"The file '{path}' does not exist.");
        }

        var (found, rows) = TableReader.Read(path);
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, names) in headers)
        {
            if (names.Select(TableReader.Normalise).FirstOrDefault(found.Contains) is { } header)
            {
                columns[field] = header;
            }
        }

        var missing = required.Where(f => !columns.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException(
                $"'{path}' has no column for {string.Join(", ", missing)}; recognised headers: {string.Join(", ", missing.SelectMany(m => headers[m]))}. Give a --mapping file for other headers.");
        }

        return (columns, rows);
    }

    private static IReadOnlyDictionary<string, string[]> WithMapping(IReadOnlyDictionary<string, string[]> headers, string? mappingFile)
    {
        if (mappingFile is null)
        {
            return headers;
        }

        Dictionary<string, string>? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(mappingFile));
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            throw new UsageException($"The mapping file '{mappingFile}' is not a JSON object of field → header: {ex.Message}");
        }

        var merged = headers.ToDictionary(static kv => kv.Key, static kv => kv.Value);
        foreach (var (field, header) in mapping ?? [])
        {
            if (!merged.TryGetValue(field, out var known))
            {
                throw new UsageException($"The mapping file names an unknown field '{field}'; fields: {string.Join(", ", headers.Keys)}.");
            }

            merged[field] = [header, .. known];
        }

        return merged;
    }

    private static string Cell(TableRow row, Dictionary<string, string> columns, string field) =>
        columns.TryGetValue(field, out var header) && row.Cells.TryGetValue(header, out var value) ? value : string.Empty;

    private static CatalogueEntry? ReadEntry(TableRow row, Dictionary<string, string> columns, string? defaultClass, out string why)
    {
        string Get(string field) => Cell(row, columns, field);
        why = string.Empty;
        if (!TryReadKey(Get("code"), out var code, out var level, out var error))
        {
            why = $"code '{Get("code")}': {error.Message}";
            return null;
        }

        PaymentCategory? category = Get("category") switch
        {
            "甲类" or "甲" or "A" => PaymentCategory.A,
            "乙类" or "乙" or "B" => PaymentCategory.B,
            "丙类" or "丙" or "C" => PaymentCategory.C,
            _ => null,
        };
        if (category is null)
        {
            why = $"payment category '{Get("category")}' is not 甲类, 乙类 or 丙类";
            return null;
        }

        var valueText = Get("valueClass") is { Length: > 0 } v ? v : defaultClass ?? string.Empty;
        ValueClass? valueClass = valueText switch
        {
            "高值" or "高值耗材" or "high" => ValueClass.High,
            "低值" or "低值耗材" or "low" => ValueClass.Low,
            _ => null,
        };
        if (valueClass is null)
        {
            why = $"value class '{valueText}' is not 高值 or 低值 (give --value-class for sheets without the column)";
            return null;
        }

        decimal? limit = null;
        if (Get("maxPaymentLimit") is { Length: > 0 } limitText)
        {
            if (!decimal.TryParse(limitText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            {
                why = $"maximum payment limit '{limitText}' is not a number";
                return null;
            }

            limit = parsed;
        }

        var restriction = Get("restriction") is { Length: > 0 } text and not ("无" or "/")
            ? new Restriction { Text = text, ServiceItems = [.. Get("serviceItems").Split([',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries)] }
            : null;
        var materialFeature = string.Join(' ', new[] { Get("material"), Get("feature") }.Where(static s => s.Length > 0));
        return new CatalogueEntry
        {
            Code = code,
            Level = level,
            Name = Get("name") is { Length: > 0 } name ? name
                : Get("level3") is { Length: > 0 } level3 ? GenericName.Compose(level3, Get("material"), Get("feature"))
                : Get("code"),
            Level1Name = NullIfEmpty(Get("level1")),
            Level2Name = NullIfEmpty(Get("level2")),
            Level3Name = NullIfEmpty(Get("level3")),
            MaterialFeature = NullIfEmpty(materialFeature),
            Category = category.Value,
            ValueClass = valueClass.Value,
            MaxPaymentLimit = limit,
            Restriction = restriction,
        };
    }

    /// <summary>Reads a catalogue sheet's code: 10 characters key the entry by generic name, else it is a 15-character catalogue code.</summary>
    private static bool TryReadKey(string text, out CatalogueCode code, out CatalogueLevel level, out CodeError error)
    {
        if (text.Length != GenericNameClass.Length)
        {
            level = CatalogueLevel.CatalogueCode;
            return CatalogueCode.TryParse(text.AsSpan(), out code, out error);
        }

        level = CatalogueLevel.GenericName;
        var valid = GenericNameClass.TryParse(text.AsSpan(), out var genericName, out error);
        code = valid ? CatalogueEntry.CodeOf(genericName) : default;
        return valid;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static string? AddProduct(PolicyBuilder builder, TableRow row, Dictionary<string, string> columns)
    {
        if (!ConsumableCode.TryParse(Cell(row, columns, "code").AsSpan(), out var code, out var error))
        {
            return $"code '{Cell(row, columns, "code")}': {error.Message}";
        }

        builder.AddProduct(new Product { Code = code, Registration = NullIfEmpty(Cell(row, columns, "registration")) });
        return null;
    }

    private static string? AddRecoding(PolicyBuilder builder, TableRow row, Dictionary<string, string> columns)
    {
        if (!ConsumableCode.TryParse(Cell(row, columns, "from").AsSpan(), out var from, out var e1))
        {
            return $"old code '{Cell(row, columns, "from")}': {e1.Message}";
        }

        if (!ConsumableCode.TryParse(Cell(row, columns, "to").AsSpan(), out var to, out var e2))
        {
            return $"new code '{Cell(row, columns, "to")}': {e2.Message}";
        }

        builder.AddRecoding(from, to);
        return null;
    }

    private static string? AddDisabled(PolicyBuilder builder, TableRow row, Dictionary<string, string> columns)
    {
        if (!ConsumableCode.TryParse(Cell(row, columns, "code").AsSpan(), out var code, out var error))
        {
            return $"code '{Cell(row, columns, "code")}': {error.Message}";
        }

        builder.MarkDisabled(code);
        return null;
    }
}
