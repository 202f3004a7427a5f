using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Import;

/// <summary>
/// <c>import catalogue|products|recoding|disabled|generic-names|ratios|procurement|medians</c>: builds a policy file from the tables a
/// province and NHSA publish. Each table finds its header row (title rows above it are passed over), says which column
/// fed each field, and merges into the policy by key: <c>N added, M updated, K unchanged</c>, so importing a table twice
/// is the same as importing it once. A row that cannot be read exactly is listed with its reason; any such row makes the
/// exit status 1 and nothing is written, unless <c>--allow-skipped</c>. No header, no usable row, or an invalid result
/// is exit 2, and nothing is written either.
/// </summary>
internal static class ImportCommand
{
    internal static Command Create(CliConsole console)
    {
        var command = new Command("import", "Build a policy file from the province's catalogue and NHSA's, the pooling areas' and the procurement tables.");
        command.Subcommands.Add(Catalogue(console));
        command.Subcommands.Add(Merge(console, "products", "Merge NHSA's per-product file (27位码, 注册备案号, 生产地类别) into a policy.", static (p, _) => new ProductImport(p)));
        command.Subcommands.Add(Merge(console, "recoding", "Merge NHSA's recoding table (原27位码 → 27位码) into a policy.", static (p, _) => new RecodingImport(p)));
        command.Subcommands.Add(Merge(console, "disabled", "Mark the codes of NHSA's disabled-code table as disabled in a policy.", static (p, _) => new DisabledImport(p)));
        command.Subcommands.Add(Merge(console, "generic-names", "Read NHSA's classification table (耗材代码, 医保通用名编号, 医保通用名, class labels) into a policy's generic-name table.", static (p, _) => new GenericNameImport(p)));
        command.Subcommands.Add(Merge(console, "ratios", "Merge pre-self-pay ratios (险种类型, 统筹区, 生产地类别, 支付类别, 先行自付比例) into a policy.", static (p, _) => new RatioImport(p)));
        command.Subcommands.Add(Merge(console, "procurement", "Merge procurement results (集采分组, 中选产品代码, 中选价) into a policy.", static (p, _) => new ProcurementImport(p)));
        var periodFrom = new Option<string?>("--period-from") { Description = "The first day of the medians' period, yyyy-MM-dd, for tables without a date column." };
        var periodTo = new Option<string?>("--period-to") { Description = "The last day of the medians' period, yyyy-MM-dd, for tables without a date column." };
        command.Subcommands.Add(Merge(
            console,
            "medians",
            "Merge settlement medians (医保耗材分类代码, 实际结算中位价, 统计开始日期, 统计截止日期) into a policy.",
            (p, parse) => new MedianImport(p, Date(parse.GetValue(periodFrom), "--period-from"), Date(parse.GetValue(periodTo), "--period-to")),
            periodFrom,
            periodTo));
        return command;
    }

    private sealed record CommonOptions(Argument<string> File, Option<string?> Output, Option<string?> Mapping, Option<bool> AllowSkipped);

    private static CommonOptions Common(Command command, string output)
    {
        var options = new CommonOptions(
            new Argument<string>("FILE") { Description = "The table: .xlsx, .xls or .csv (UTF-8 or GB18030)." },
            new Option<string?>("--output", "-o") { Description = output },
            new Option<string?>("--mapping") { Description = "A JSON file naming your headers for fields: {\"code\": \"编码\", …}." },
            new Option<bool>("--allow-skipped") { Description = "Write the policy even when rows were skipped (they are still listed)." });
        command.Arguments.Add(options.File);
        command.Options.Add(options.Output);
        command.Options.Add(options.Mapping);
        command.Options.Add(options.AllowSkipped);
        return options;
    }

    private static Command Catalogue(CliConsole console)
    {
        var command = new Command("catalogue", "Write a policy file from the province's catalogue, or merge the catalogue into one (--into).");
        var common = Common(command, "The policy file to write (default with --into: that file).");
        var into = new Option<string?>("--into") { Description = "A policy file to merge into (entries are updated by code)." };
        var id = new Option<string?>("--id") { Description = "A new policy's version id." };
        var title = new Option<string>("--title") { Description = "A new policy's title.", DefaultValueFactory = _ => string.Empty };
        var province = new Option<string?>("--province") { Description = "A new policy's province code, e.g. 140000." };
        var from = new Option<string?>("--from") { Description = "A new policy's first day in force, yyyy-MM-dd." };
        var itemCap = new Option<decimal?>("--item-cap") { Description = "A new policy's item cap in yuan (default 50000)." };
        var valueClass = new Option<string?>("--value-class") { Description = "high or low, for tables without a value-class column." };
        valueClass.AcceptOnlyFromAmong("high", "low");
        var residentsProvinceWide = new Option<bool>("--resident-ratio-province-wide")
        {
            Description = "A new policy's residents' pre-self-pay ratio is uniform across the province (全省统一): a resident row below province level is an error.",
        };
        var noMedian = new Option<string?>("--no-median")
        {
            Description = "A new policy's treatment of a high-value entry outside procurement with no settlement median: actualPrice, selfPay or reject (the notice states none).",
        };
        noMedian.AcceptOnlyFromAmong("actualPrice", "selfPay", "reject");
        var noMedianReason = new Option<string?>("--no-median-reason") { Description = "Why the policy chose its --no-median treatment, kept in the file." };
        foreach (var option in new Option[] { into, id, title, province, from, itemCap, valueClass, residentsProvinceWide, noMedian, noMedianReason })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var target = parse.GetValue(into);
            if (target is not null)
            {
                if (parse.GetValue(id) is not null || parse.GetValue(province) is not null || parse.GetValue(from) is not null || parse.GetValue(itemCap) is not null || parse.GetValue(residentsProvinceWide)
                    || parse.GetValue(noMedian) is not null || parse.GetValue(noMedianReason) is not null)
                {
                    throw new UsageException("--into merges into an existing policy: --id, --province, --from, --item-cap, --resident-ratio-province-wide, --no-median and --no-median-reason describe a new one; give one or the other.");
                }

                using var held = TargetLock.Acquire(parse.GetValue(common.Output) ?? target);
                var existing = PolicyFiles.LoadOne(target);
                return Run(console, parse, common, new CatalogueImport(existing, existing.ItemCap, parse.GetValue(valueClass)), existing, () => PolicyBuilder.From(existing), target);
            }

            if (parse.GetValue(common.Output) is not { } output || parse.GetValue(id) is not { } policyId)
            {
                throw new UsageException("A new policy needs -o FILE, --id, --province and --from (or give --into POLICY to merge).");
            }

            if (!AdministrativeDivision.TryParse(parse.GetValue(province), out var provinceCode) || Date(parse.GetValue(from), "--from") is not { } start)
            {
                throw new UsageException("--province must be 6 digits and --from a date yyyy-MM-dd.");
            }

            var cap = parse.GetValue(itemCap) ?? 50_000m;
            using var written = TargetLock.Acquire(output);
            return Run(console, parse, common, new CatalogueImport(null, cap, parse.GetValue(valueClass)), null, () => new PolicyBuilder(policyId, provinceCode, start).WithTitle(parse.GetValue(title)!).WithItemCap(cap)
                .WithResidentRatioProvinceWide(parse.GetValue(residentsProvinceWide))
                .WithNoMedian(parse.GetValue(noMedian) switch
                {
                    "actualPrice" => NoMedianTreatment.ActualPrice,
                    "selfPay" => NoMedianTreatment.SelfPay,
                    "reject" => NoMedianTreatment.Reject,
                    _ => null,
                }, parse.GetValue(noMedianReason)), output);
        });
        return command;
    }

    private static Command Merge(CliConsole console, string name, string description, Func<PolicyVersion, ParseResult, TableImport> create, params Option[] extra)
    {
        var command = new Command(name, description);
        var common = Common(command, "Where to write (default: the --into file).");
        var into = new Option<string>("--into") { Description = "The policy file to merge into.", Required = true };
        command.Options.Add(into);
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var target = parse.GetValue(into)!;

            // Held from before the policy is read until after it is replaced: a second import waits, then reads this one's result.
            using var held = TargetLock.Acquire(parse.GetValue(common.Output) ?? target);
            var existing = PolicyFiles.LoadOne(target);
            return Run(console, parse, common, create(existing, parse), existing, () => PolicyBuilder.From(existing), target);
        });
        return command;
    }

    private static int Run(CliConsole console, ParseResult parse, CommonOptions common, TableImport import, PolicyVersion? existing, Func<PolicyBuilder> start, string defaultOutput)
    {
        var file = parse.GetValue(common.File)!;
        var output = parse.GetValue(common.Output) ?? defaultOutput;
        SafeFile.RefuseInputs(output, [file, parse.GetValue(common.Mapping)]);
        var fields = WithMapping(import.Fields, parse.GetValue(common.Mapping));
        using var rows = TableReader.Read(file).GetEnumerator();
        var columns = Columns.Find(file, rows, fields);
        console.Out.WriteLine($"{file}: {import.Name}");
        foreach (var line in columns.Describe(fields))
        {
            console.Out.WriteLine(line);
        }

        var (read, skipped) = (0, 0);
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.IsBlank)
            {
                continue;
            }

            var reader = new RowReader(columns, row);
            try
            {
                if (row.Error is { } unreadable)
                {
                    throw new SkipRowException(unreadable);
                }

                if (reader.ShapeProblem() is { } shape)
                {
                    throw new SkipRowException(shape);
                }

                import.Read(reader);
                read++;
            }
            catch (SkipRowException ex)
            {
                skipped++;
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"skipped row {row.Number}: {ex.Message}"));
            }
        }

        foreach (var guess in import.Guesses())
        {
            console.Out.WriteLine(guess);
        }

        foreach (var warning in import.Warnings)
        {
            console.Error.WriteLine("warning: " + warning);
        }

        var summary = string.Create(CultureInfo.InvariantCulture, $"{read} row(s) imported, {skipped} skipped")
            + (import.Warnings.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", {import.Warnings.Count} warning(s)") : string.Empty);
        if (read == 0)
        {
            throw new UsageException($"No row of '{file}' could be read ({summary}); nothing was written.");
        }

        if (skipped > 0 && !parse.GetValue(common.AllowSkipped))
        {
            console.Out.WriteLine(summary);
            console.Error.WriteLine($"consumables: {skipped} row(s) skipped; nothing was written. Correct them, or pass --allow-skipped to write the rows that were read.");
            return ExitCodes.LineErrors;
        }

        var builder = start();
        var counts = import.Apply(builder);
        var result = builder.TryBuild();
        if (!result.IsValid)
        {
            throw new UsageException($"The policy would be invalid after this import: {result.Problems.Count} problem(s); nothing was written.", [.. result.Problems.Select(static p => p.ToString())]);
        }

        var changed = existing is null || counts.Added + counts.Updated > 0 || output != defaultOutput;
        if (changed)
        {
            Save(result.Policy!, output);
        }

        console.Out.WriteLine($"{import.Name}: {counts}; {summary}");
        console.Out.WriteLine(changed ? $"wrote {output}" : $"{output} is unchanged");
        return ExitCodes.Success;
    }

    /// <summary>Writes the imported policy, the one place import writes a file: beside the target, then renamed over it.</summary>
    private static void Save(PolicyVersion policy, string path) => SafeFile.Write(path, policy.WriteJson);

    private static DateOnly? Date(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new UsageException($"{option} '{text}' is not a date yyyy-MM-dd.");

    /// <summary>Puts the headers a mapping file names first for their fields.</summary>
    private static IReadOnlyList<FieldSpec> WithMapping(IReadOnlyList<FieldSpec> fields, string? mappingFile)
    {
        if (mappingFile is null)
        {
            return fields;
        }

        Dictionary<string, string>? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(mappingFile));
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The mapping file '{mappingFile}' is not a JSON object of field → header: {ex.Message}");
        }

        foreach (var field in (mapping ?? []).Keys.Where(k => !fields.Any(f => f.Name == k)))
        {
            throw new UsageException($"The mapping file names an unknown field '{field}'; fields: {string.Join(", ", fields.Select(static f => f.Name))}.");
        }

        return [.. fields.Select(f => mapping!.TryGetValue(f.Name, out var header) ? f with { Headers = [header, .. f.Headers] } : f)];
    }
}
