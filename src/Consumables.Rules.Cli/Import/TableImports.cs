using System.Collections.Immutable;
using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Import;

/// <summary>How a table changed a policy: items added, updated (a field differs, compared by value) and unchanged.</summary>
internal readonly record struct MergeCounts(int Added, int Updated, int Unchanged)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Added} added, {Updated} updated, {Unchanged} unchanged");
}

/// <summary>One kind of table an import reads: its fields, how a row becomes an item, how the items merge into a policy by key.</summary>
internal abstract class TableImport
{
    /// <summary>Gets the table's name (the subcommand).</summary>
    internal abstract string Name { get; }

    /// <summary>Gets the fields and their usual headers.</summary>
    internal abstract IReadOnlyList<FieldSpec> Fields { get; }

    /// <summary>Reads one row into the items to merge.</summary>
    /// <exception cref="SkipRowException">The row cannot be read.</exception>
    internal abstract void Read(RowReader row);

    /// <summary>Lists what the import guessed, for the author to check (the kind of each restriction text); empty by default.</summary>
    internal virtual IEnumerable<string> Guesses() => [];

    /// <summary>Gets the warnings about rows that were read but look wrong (each naming its row); nothing was changed for them.</summary>
    internal virtual IReadOnlyList<string> Warnings => [];

    /// <summary>Merges the items read into the builder, by key: a new key is added, a known key replaced when it differs.</summary>
    internal abstract MergeCounts Apply(PolicyBuilder builder);

    /// <summary>Counts and applies keyed items against the policy they merge into.</summary>
    protected static MergeCounts Merge<TKey, T>(Pending<TKey, T> pending, Func<TKey, T?> existing, Action<T> set)
        where TKey : notnull
        where T : class
    {
        var (added, updated, unchanged) = (0, 0, 0);
        foreach (var item in pending.Items)
        {
            var before = existing(pending.KeyOf(item));
            if (before is null)
            {
                added++;
            }
            else if (before.Equals(item))
            {
                unchanged++;
                continue;
            }
            else
            {
                updated++;
            }

            set(item);
        }

        return new MergeCounts(added, updated, unchanged);
    }
}

/// <summary>Items read from a table by key, in file order; a key read twice skips the later row.</summary>
internal sealed class Pending<TKey, T>(Func<T, TKey> key, Func<TKey, string> describe)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (int Index, int Row)> _seen = [];
    private readonly List<T> _items = [];

    internal IReadOnlyList<T> Items => _items;

    internal TKey KeyOf(T item) => key(item);

    internal bool TryGet(TKey k, out T item)
    {
        var found = _seen.TryGetValue(k, out var at);
        item = found ? _items[at.Index] : default!;
        return found;
    }

    internal void Add(T item, int row)
    {
        var k = key(item);
        if (_seen.TryGetValue(k, out var first))
        {
            throw new SkipRowException(string.Create(CultureInfo.InvariantCulture, $"{describe(k)} is already on row {first.Row}"));
        }

        _seen[k] = (_items.Count, row);
        _items.Add(item);
    }

    internal void Replace(T item)
    {
        var at = _seen[key(item)];
        _items[at.Index] = item;
    }
}

/// <summary>
/// The province's catalogue: entries by their 15-character code, or by a 10-character generic-name code; a column the
/// table lacks keeps the entry's value. A row without a name gets the generic name composed from 三级分类, 材质 and 特征.
/// </summary>
internal sealed class CatalogueImport(PolicyVersion? existing, decimal itemCap, string? defaultValueClass) : TableImport
{
    private readonly Pending<(CatalogueCode Code, CatalogueLevel Level), CatalogueEntry> _entries = new(
        static e => (e.Code, e.Level),
        static k => k.Level switch
        {
            CatalogueLevel.ClassPrefix => $"class prefix {k.Code.GenericNameClass}",
            CatalogueLevel.GenericNameNumber => $"generic-name number {k.Code.ToString()[^GenericNameNumber.Length..]}",
            _ => $"catalogue code {k.Code}",
        });

    internal static readonly FieldSpec[] Spec =
    [
        new("code", true, "15位编码", "医保耗材分类代码", "医保医用耗材分类代码", "医保耗材分类与代码", "耗材分类代码", "分类代码", "15位代码", "耗材编码", "编码"),
        // A sheet without a name column composes the generic name from 三级分类, 材质 and 特征.
        new("name", true, "医保通用名", "通用名", "通用名称", "耗材名称", "产品名称", "名称") { UnlessColumn = "level3" },
        new("category", true, "支付类别", "医保类别", "甲乙类", "甲乙丙类", "甲乙类别", "医保支付类别", "收费项目等级", "类别"),
        new("level1", false, "一级分类", "一级分类名称", "一级目录"),
        new("level2", false, "二级分类", "二级分类名称", "二级目录"),
        new("level3", false, "三级分类", "三级分类名称", "三级目录"),
        new("material", false, "材质"),
        new("feature", false, "特征", "规格特征"),
        new("valueClass", false, "值类", "高值低值", "高低值", "耗材类型", "价值分类"),
        new("maxPaymentLimit", false, "最高支付限价", "支付限价", "最高限价", "医保支付限价", "最高支付标准", "限价"),
        new("restriction", false, "限定支付条件", "限定支付范围", "限制支付范围", "支付限定条件"),
        new("serviceItems", false, "限定项目编码", "限定服务项目", "限定医疗服务项目编码", "限定服务项目编码"),
        new("restrictionKind", false, "restrictionKind", "限定类型", "限定支付类型", "限定条件类型"),
    ];

    private readonly SuspiciousRows _suspicious = new();

    internal override string Name => "catalogue";

    internal override IReadOnlyList<FieldSpec> Fields => Spec;

    internal override IReadOnlyList<string> Warnings => _suspicious.Warnings;

    internal override void Read(RowReader row)
    {
        var (code, level) = row.CatalogueKey("code");
        var before = Existing((code, level));
        // The table's own column, else the entry's present value, else --value-class.
        var valueClass = row.ValueClass("valueClass", null) ?? before?.ValueClass ?? row.ValueClass("valueClass", defaultValueClass)
            ?? throw new SkipRowException("valueClass: the table has no value-class column (值类, 高值低值) and --value-class is not given");
        var limit = row.Has("maxPaymentLimit") ? row.Amount("maxPaymentLimit") : before?.MaxPaymentLimit;
        if (limit is { } l && (l <= 0m || l > itemCap))
        {
            throw new SkipRowException(string.Create(CultureInfo.InvariantCulture, $"maxPaymentLimit: {l} is outside 0 (exclusive) to the item cap {itemCap}"));
        }

        var entry = new CatalogueEntry
        {
            Code = code,
            Level = level,
            Name = EntryName(row, before),
            Category = row.Category("category"),
            ValueClass = valueClass,
            Level1Name = row.Has("level1") ? row.Optional("level1") : before?.Level1Name,
            Level2Name = row.Has("level2") ? row.Optional("level2") : before?.Level2Name,
            Level3Name = row.Has("level3") ? row.Optional("level3") : before?.Level3Name,
            MaterialFeature = row.Has("material") || row.Has("feature")
                ? string.Join(' ', new[] { row.Text("material"), row.Text("feature") }.Where(static s => s.Length > 0)) is { Length: > 0 } mf ? mf : null
                : before?.MaterialFeature,
            MaxPaymentLimit = limit,
            Restriction = row.Has("restriction") ? Restriction(row, before?.Restriction) : before?.Restriction,
        };
        _entries.Add(entry, row.Number);
        Check(row.Number, entry);
    }

    /// <summary>Flags what looks wrong in an entry's names and labels (never changing them): see <see cref="SuspiciousRows"/>.</summary>
    private void Check(int row, CatalogueEntry entry)
    {
        _suspicious.CheckText(row, "name", entry.Name);
        var classed = entry.Level == CatalogueLevel.CatalogueCode;
        var code = entry.Code.ToString();
        foreach (var (header, text, segment) in new[] { ("一级分类", entry.Level1Name, entry.Code.Level1), ("二级分类", entry.Level2Name, entry.Code.Level2), ("三级分类", entry.Level3Name, entry.Code.Level3) })
        {
            if (text is null)
            {
                continue;
            }

            var label = NhsaLabel.Read(text);
            _suspicious.CheckText(row, header, label.Name);
            if (classed)
            {
                _suspicious.CheckSegment(row, header, label, segment, code);
            }
        }

        if (classed && entry.Level3Name is { } level3)
        {
            _suspicious.CheckLevel3Name(row, code[1..7], NhsaLabel.Read(level3).Name);
        }
    }

    /// <summary>Reads the name: the sheet's, else the generic name composed from the level-3 name, material and feature, else the entry's present name.</summary>
    private static string EntryName(RowReader row, CatalogueEntry? before)
    {
        if (row.Optional("name") is { } name)
        {
            return name;
        }

        if (row.Optional("level3") is { } level3)
        {
            return GenericName.Compose(level3, row.Text("material"), row.Text("feature"));
        }

        return before?.Name ?? row.Required("name");
    }

    /// <summary>Finds the policy's entry with exactly this code and level (a 15-character code does not fall back to its generic name's entry).</summary>
    private CatalogueEntry? Existing((CatalogueCode Code, CatalogueLevel Level) key) =>
        existing is null ? null
        : (_existingEntries ??= existing.Catalogue.ToDictionary(static e => (e.Code, e.Level))).GetValueOrDefault(key);

    private Dictionary<(CatalogueCode, CatalogueLevel), CatalogueEntry>? _existingEntries;

    private Restriction? Restriction(RowReader row, Restriction? before)
    {
        var text = row.Text("restriction");
        if (text is "" or "无" or "/" or "-" or "—")
        {
            return null;
        }

        var items = row.Has("serviceItems")
            ? [.. row.Text("serviceItems").Split([',', '，', ';', '；', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : before?.ServiceItems ?? [];
        var reading = RestrictionWording.Classify(text);
        var reason = "wording " + reading.Reason;
        if (row.Optional("restrictionKind") is { } cell)
        {
            var kind = RestrictionWording.Parse(cell)
                ?? throw new SkipRowException($"restrictionKind: '{cell}' is not a restriction kind; expected limitedTo, notTogetherWith, conditions or note");
            reading = kind == reading.Kind ? reading : new(kind, string.Empty, null, null);
            reason = "restrictionKind column";
        }
        else if (before is not null && before.Text == text)
        {
            // The author's kind of an unchanged text stays, whatever its wording says.
            return before with { ServiceItems = items };
        }

        _guesses.Add((reading.Kind, reason, text));
        return new Restriction
        {
            Text = text,
            Kind = reading.Kind,
            ServiceItems = items,
            MinAge = reading.Kind == RestrictionKind.Conditions ? reading.MinAge : null,
            MaxAge = reading.Kind == RestrictionKind.Conditions ? reading.MaxAge : null,
        };
    }

    private readonly List<(RestrictionKind Kind, string Reason, string Text)> _guesses = [];

    /// <summary>Lists each restriction text read once, with the kind chosen, why, and how many entries carry it.</summary>
    internal override IEnumerable<string> Guesses()
    {
        if (_guesses.Count == 0)
        {
            yield break;
        }

        yield return string.Create(CultureInfo.InvariantCulture,
            $"restrictions: {_guesses.Count} read, kinds chosen by wording unless the restrictionKind column gives one (correct a kind with that column):");
        foreach (var g in _guesses.GroupBy(static g => (g.Kind, g.Reason, g.Text)).OrderBy(static g => g.Key.Kind).ThenBy(static g => g.Key.Text, StringComparer.Ordinal))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {PolicyKindName(g.Key.Kind),-15} {g.Count(),5} × 「{g.Key.Text}」 ({g.Key.Reason})");
        }
    }

    /// <summary>The policy file's name of a kind: the enum's name in camel case (limitedTo, notTogetherWith…).</summary>
    private static string PolicyKindName(RestrictionKind kind) => kind.ToString() is var name ? char.ToLowerInvariant(name[0]) + name[1..] : string.Empty;

    internal override MergeCounts Apply(PolicyBuilder builder) =>
        Merge(_entries, Existing, e => builder.SetEntry(e));
}

/// <summary>NHSA's per-product file: products by 27-character code (or by 20-character code, every product of that manufacturer under that class), with registration number and origin.</summary>
internal sealed class ProductImport(PolicyVersion existing) : TableImport
{
    private readonly Pending<(ConsumableCode Code, bool CoversManufacturer), Product> _products = new(
        static p => (p.Code, p.CoversManufacturer),
        static k => k.CoversManufacturer ? $"manufacturer {k.Code.ManufacturerCode}" : $"product {k.Code}");

    private Dictionary<(ConsumableCode, bool), Product>? _existing;

    internal override string Name => "products";

    internal override IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("code", true, "27位码", "27位编码", "27位代码", "医保耗材代码", "医保医用耗材代码", "耗材代码", "20位码", "20位代码"),
        new("registration", false, "注册备案号", "注册证编号备案号", "注册证编号", "注册证号", "备案号"),
        new("origin", false, "生产地类别", "产地类别", "产地", "国产进口"),
    ];

    internal override void Read(RowReader row)
    {
        var covers = row.Text("code").Trim().Length == ManufacturerCode.Length;
        var code = covers ? Product.CodeOf(row.ManufacturerCode("code")) : row.ConsumableCode("code");
        var before = Existing((code, covers)) ?? new Product { Code = code, CoversManufacturer = covers };
        _products.Add(
            before with
            {
                Registration = row.Has("registration") ? row.Optional("registration") : before.Registration,
                DeclaredOrigin = row.Has("origin") ? row.Origin("origin") : before.DeclaredOrigin,
            },
            row.Number);
    }

    internal override MergeCounts Apply(PolicyBuilder builder) => Merge(_products, Existing, p => builder.SetProduct(p));

    private Product? Existing((ConsumableCode, bool) key) =>
        (_existing ??= existing.Products.ToDictionary(static p => (p.Code, p.CoversManufacturer))).GetValueOrDefault(key);
}

/// <summary>NHSA's recoding table: old 27-character code → new code, by old code.</summary>
internal sealed class RecodingImport(PolicyVersion existing) : TableImport
{
    private readonly Pending<ConsumableCode, Recoding> _recodings = new(static r => r.From, static c => $"old code {c}");

    internal override string Name => "recoding";

    internal override IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("from", true, "原27位码", "原27位编码", "原代码", "原耗材代码", "原医保耗材代码", "旧代码", "原编码"),
        new("to", true, "新27位码", "27位码", "新代码", "新耗材代码", "新医保耗材代码", "新编码"),
    ];

    internal override void Read(RowReader row) => _recodings.Add(new Recoding(row.ConsumableCode("from"), row.ConsumableCode("to")), row.Number);

    internal override MergeCounts Apply(PolicyBuilder builder)
    {
        // NHSA's table runs to tens of thousands of rows: look the policy's recodings up by old code, not by scanning.
        var before = existing.Recoding.ToDictionary(static r => r.From);
        return Merge(_recodings, c => before.GetValueOrDefault(c), r => builder.SetRecoding(r.From, r.To));
    }
}

/// <summary>NHSA's disabled-code table: each code's product is marked disabled (added as a disabled product when unknown).</summary>
internal sealed class DisabledImport(PolicyVersion existing) : TableImport
{
    private readonly Pending<ConsumableCode, Product> _products = new(static p => p.Code, static c => $"code {c}");

    internal override string Name => "disabled";

    internal override IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("code", true, "27位码", "27位编码", "停用代码", "停用耗材代码", "医保耗材代码", "耗材代码"),
    ];

    internal override void Read(RowReader row)
    {
        var code = row.ConsumableCode("code");
        _products.Add((Own(code) ?? new Product { Code = code }) with { Disabled = true }, row.Number);
    }

    internal override MergeCounts Apply(PolicyBuilder builder) => Merge(_products, Own, p => builder.SetProduct(p));

    /// <summary>The product registered under this very 27-character code (not the product of its manufacturer).</summary>
    private Product? Own(ConsumableCode code) => existing.TryGetProduct(code, out var p) && !p.CoversManufacturer ? p : null;
}

/// <summary>The pooling areas' pre-self-pay ratios: one row per insurance type, area, origin, category and band.</summary>
internal sealed class RatioImport(PolicyVersion existing) : TableImport
{
    private readonly Pending<(InsuranceType, AdministrativeDivision, Origin?, PaymentCategory, decimal?, decimal?), PreSelfPayRow> _rows =
        new(Key, static k => $"the row for {(int)k.Item1} {k.Item2} {k.Item3?.ToString() ?? "any origin"} class {k.Item4}");

    internal override string Name => "ratios";

    internal override IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("insutype", true, "险种类型", "险种", "参保类型", "insutype"),
        new("area", true, "统筹区编码", "统筹区", "统筹地区", "统筹区划", "医保区划", "行政区划代码", "insuplc_admdvs"),
        new("origin", false, "生产地类别", "产地类别", "产地", "国产进口", "prodplac_type"),
        new("category", true, "支付类别", "甲乙类", "医保类别", "类别"),
        new("ratio", true, "先行自付比例", "个人先行自付比例", "自付比例", "ratio"),
        new("minUnitPrice", false, "单价下限", "最低单价", "单价起"),
        new("maxUnitPrice", false, "单价上限", "最高单价", "单价止"),
    ];

    private static (InsuranceType, AdministrativeDivision, Origin?, PaymentCategory, decimal?, decimal?) Key(PreSelfPayRow r) =>
        (r.InsuranceType, r.Area, r.Origin, r.Category, r.MinUnitPrice, r.MaxUnitPrice);

    internal override void Read(RowReader row)
    {
        var area = row.Division("area");
        if (!existing.Province.Contains(area))
        {
            throw new SkipRowException($"area: {area} lies outside the policy's province {existing.Province}");
        }

        _rows.Add(
            new PreSelfPayRow(row.InsuranceType("insutype"), area, row.Origin("origin"), row.Category("category"), row.Ratio("ratio"), row.Amount("minUnitPrice"), row.Amount("maxUnitPrice")),
            row.Number);
    }

    internal override MergeCounts Apply(PolicyBuilder builder) =>
        Merge(_rows, k => existing.PreSelfPay.Rows.FirstOrDefault(r => Key(r) == k), r => builder.SetPreSelfPay(r));
}

/// <summary>Volume-based procurement results: one row per winning product (group, product, winning price), or per group member code without a winner.</summary>
internal sealed class ProcurementImport(PolicyVersion existing) : TableImport
{
    private readonly Pending<string, ProcurementGroup> _groups = new(static g => g.Id, static id => $"group {id}");
    private readonly Dictionary<ConsumableCode, (string Group, int Row)> _winners = [];

    internal override string Name => "procurement";

    internal override IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("group", true, "集采分组", "采购分组", "分组名称", "分组编号", "分组", "组别", "集采组"),
        new("product", false, "中选产品代码", "中选耗材代码", "27位码", "医保耗材代码", "耗材代码"),
        new("catalogueCode", false, "医保耗材分类代码", "15位编码", "耗材分类代码", "分类代码"),
        new("price", false, "中选价", "中选价格", "中选单价", "支付标准"),
    ];

    internal override void Read(RowReader row)
    {
        var id = row.Required("group");
        var product = row.Optional("product") is null ? (ConsumableCode?)null : row.ConsumableCode("product");
        var code = row.Optional("catalogueCode") is null ? product?.CatalogueCode : row.CatalogueCode("catalogueCode");
        if (code is null)
        {
            throw new SkipRowException("the row names neither a winning product nor a catalogue code");
        }

        if (product is { } p && p.CatalogueCode != code)
        {
            throw new SkipRowException($"product {p} belongs to catalogue code {p.CatalogueCode}, not {code}");
        }

        var winners = ImmutableArray<ProcurementWinner>.Empty;
        if (product is { } winner)
        {
            var price = row.Amount("price") ?? throw new SkipRowException("price: a winning product needs its winning price");
            if (price <= 0m)
            {
                throw new SkipRowException(string.Create(CultureInfo.InvariantCulture, $"price: {price} is not positive"));
            }

            if (_winners.TryGetValue(winner, out var first))
            {
                throw new SkipRowException(string.Create(CultureInfo.InvariantCulture, $"product {winner} already wins in group {first.Group} (row {first.Row})"));
            }

            _winners[winner] = (id, row.Number);
            winners = [new ProcurementWinner(winner, price)];
        }

        if (_groups.TryGet(id, out var group))
        {
            _groups.Replace(group with
            {
                CatalogueCodes = group.CatalogueCodes.Contains(code.Value) ? group.CatalogueCodes : group.CatalogueCodes.Add(code.Value),
                Winners = group.Winners.AddRange(winners),
            });
        }
        else
        {
            _groups.Add(new ProcurementGroup { Id = id, CatalogueCodes = [code.Value], Winners = winners }, row.Number);
        }
    }

    internal override MergeCounts Apply(PolicyBuilder builder) =>
        Merge(_groups, id => existing.Procurement.FirstOrDefault(g => g.Id == id), g => builder.SetProcurementGroup(g));
}

/// <summary>Settlement medians by catalogue code, with the period they were computed over (columns, or --period-from/--period-to).</summary>
internal sealed class MedianImport(PolicyVersion existing, DateOnly? from, DateOnly? to) : TableImport
{
    private readonly Pending<CatalogueCode, SettlementMedian> _medians = new(static m => m.Code, static c => $"catalogue code {c}");

    internal override string Name => "medians";

    internal override IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("code", true, "医保耗材分类代码", "15位编码", "耗材分类代码", "分类代码"),
        new("median", true, "实际结算中位价", "结算中位价", "中位价", "中位数价格"),
        new("from", false, "统计开始日期", "统计起始日期", "开始日期", "起始日期"),
        new("to", false, "统计截止日期", "统计结束日期", "截止日期", "结束日期"),
    ];

    internal override void Read(RowReader row)
    {
        var code = row.CatalogueCode("code");
        var median = row.Amount("median") ?? throw new SkipRowException("median: the cell is empty");
        if (median <= 0m)
        {
            throw new SkipRowException(string.Create(CultureInfo.InvariantCulture, $"median: {median} is not positive"));
        }

        var start = row.Date("from") ?? from ?? throw new SkipRowException("from: no period start (a column such as 统计开始日期, or --period-from)");
        var end = row.Date("to") ?? to ?? throw new SkipRowException("to: no period end (a column such as 统计截止日期, or --period-to)");
        if (end < start)
        {
            throw new SkipRowException(string.Create(CultureInfo.InvariantCulture, $"the period ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd})"));
        }

        _medians.Add(new SettlementMedian(code, median, start, end), row.Number);
    }

    internal override MergeCounts Apply(PolicyBuilder builder) =>
        Merge(_medians, c => existing.TryGetSettlementMedian(c, out var m) ? m : null, m => builder.SetSettlementMedian(m));
}
