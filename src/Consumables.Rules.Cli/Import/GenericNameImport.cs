using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Import;

/// <summary>
/// NHSA's classification table (医保医用耗材分类与代码数据库): one row per 20-character code, with its class labels (<c>NN-名称</c>),
/// its 医保通用名编号 and 医保通用名. Rows are read one at a time and only the grouping is kept (a number's name, each code's
/// number), so the full table (about 89,000 rows) imports with memory bounded by its distinct codes. A 15-character code
/// whose every row has one number becomes a 15-character member; a code the table splits between numbers keeps its
/// 20-character codes. The table replaces the policy's generic-name table whole.
/// </summary>
internal sealed class GenericNameImport(PolicyVersion existing) : TableImport
{
    private readonly Dictionary<GenericNameNumber, (string Name, int Row)> _names = [];
    private readonly Dictionary<ManufacturerCode, (GenericNameNumber Number, int Row)> _codes = [];
    private readonly SuspiciousRows _suspicious = new();
    private int _unnamed;

    internal override string Name => "generic-names";

    internal override IReadOnlyList<FieldSpec> Fields { get; } =
    [
        new("code", true, "耗材代码", "耗材分类代码", "医保耗材代码", "20位代码", "20位码", "分类代码", "代码"),
        new("number", true, "医保通用名编号", "通用名编号", "医保通用名代码", "通用名代码"),
        new("name", true, "医保通用名", "通用名", "通用名称"),
        new("level1", false, "一级分类", "一级分类名称"),
        new("level2", false, "二级分类", "二级分类名称"),
        new("level3", false, "三级分类", "三级分类名称"),
        new("class", false, "医保通用名分类", "通用名分类"),
        new("material", false, "耗材材质", "材质"),
        new("feature", false, "规格", "特征", "规格特征", "特征参数"),
        new("manufacturer", false, "耗材企业", "生产企业", "企业名称"),
    ];

    internal override IReadOnlyList<string> Warnings => _unnamed == 0
        ? _suspicious.Warnings
        : [.. _suspicious.Warnings, string.Create(CultureInfo.InvariantCulture, $"{_unnamed} row(s) carry no 医保通用名编号 and no 医保通用名 (codes NHSA has not named yet): they are left out of the table")];

    internal override void Read(RowReader row)
    {
        var code = Code(row);
        if (row.Text("number").Trim() is "" or "/" or "-" or "无" && row.Text("name").Trim() is "" or "/" or "-" or "无")
        {
            // A code NHSA has not yet given a generic name: nothing to group, and not an error.
            _unnamed++;
            return;
        }

        // A workbook or a spreadsheet's CSV export stores 001001 as the number 1001: all digits and shorter than six is read
        // back with its leading zeros (the number has six digits by definition, so this is the only reading).
        var numberText = row.Required("number").Trim();
        if (numberText.Length < GenericNameNumber.Length && numberText.All(char.IsAsciiDigit))
        {
            numberText = numberText.PadLeft(GenericNameNumber.Length, '0');
        }

        if (!GenericNameNumber.TryParse(numberText.AsSpan(), out var number, out var error))
        {
            throw new SkipRowException($"number: '{numberText}' is not a 6-digit 医保通用名编号: {error.Message}");
        }

        var name = NhsaLabel.FoldWrappedSpaces(row.Required("name"));
        var text = code.ToString();
        _suspicious.CheckText(row.Number, "医保通用名", name);
        Label(row, "level1", "一级分类", code.CatalogueCode.Level1, text);
        Label(row, "level2", "二级分类", code.CatalogueCode.Level2, text);
        var level3 = Label(row, "level3", "三级分类", code.CatalogueCode.Level3, text);
        _suspicious.CheckLevel3Name(row.Number, text[1..7], level3?.Name);
        Label(row, "class", "医保通用名分类", code.CatalogueCode.GenericName, text);
        Label(row, "material", "耗材材质", code.CatalogueCode.Material, text);
        Label(row, "feature", "规格（特征、参数）", code.CatalogueCode.Feature, text);

        // The table's first word stands; a later row that says otherwise is flagged, never taken silently.
        if (_names.TryGetValue(number, out var known))
        {
            if (!string.Equals(known.Name, name, StringComparison.Ordinal))
            {
                _suspicious.Warn(row.Number, $"generic name {number} is '{name}' here but '{known.Name}' on row {known.Row}; '{known.Name}' is kept");
            }
        }
        else
        {
            _names[number] = (name, row.Number);
        }

        if (_codes.TryGetValue(code, out var placed))
        {
            if (placed.Number != number)
            {
                _suspicious.Warn(row.Number, $"code {code} is under generic name {number} here but {placed.Number} on row {placed.Row}; {placed.Number} is kept");
            }

            return;
        }

        _codes[code] = (number, row.Number);
    }

    internal override MergeCounts Apply(PolicyBuilder builder)
    {
        // A 15-character code wholly under one number is a member at 15 characters; a split one keeps its 20-character codes.
        var byCatalogue = _codes.GroupBy(static c => c.Key.CatalogueCode).ToList();
        var catalogueMembers = new Dictionary<GenericNameNumber, List<CatalogueCode>>();
        var manufacturerMembers = new Dictionary<GenericNameNumber, List<ManufacturerCode>>();
        foreach (var group in byCatalogue)
        {
            var numbers = group.Select(static c => c.Value.Number).Distinct().ToList();
            if (numbers.Count == 1)
            {
                Members(catalogueMembers, numbers[0]).Add(group.Key);
                continue;
            }

            foreach (var (code, (number, _)) in group)
            {
                Members(manufacturerMembers, number).Add(code);
            }
        }

        var names = _names.OrderBy(static n => n.Key)
            .Select(n => new GenericName(n.Key, n.Value.Name, catalogueMembers.GetValueOrDefault(n.Key), manufacturerMembers.GetValueOrDefault(n.Key)))
            .ToList();
        var before = existing.GenericNames.ToDictionary(static g => g.Number);
        var (added, updated, unchanged) = (0, 0, 0);
        foreach (var name in names)
        {
            if (!before.TryGetValue(name.Number, out var old))
            {
                added++;
            }
            else if (old.Name == name.Name && old.CatalogueCodes.SequenceEqual(name.CatalogueCodes) && old.ManufacturerCodes.SequenceEqual(name.ManufacturerCodes))
            {
                unchanged++;
            }
            else
            {
                updated++;
            }
        }

        // The table replaces the older one whole: a number it no longer lists is gone, which counts as a change.
        var removed = before.Keys.Except(names.Select(static n => n.Number)).Count();
        builder.SetGenericNames(names);
        return new MergeCounts(added, updated + removed, unchanged);
    }

    private static List<T> Members<T>(Dictionary<GenericNameNumber, List<T>> members, GenericNameNumber number) =>
        members.TryGetValue(number, out var list) ? list : members[number] = [];

    /// <summary>Reads the row's code: 20 characters as NHSA's table has them, or a 27-character code, taken at 20.</summary>
    private static ManufacturerCode Code(RowReader row)
    {
        var text = row.Required("code").Trim();
        if (ManufacturerCode.TryParse(text.AsSpan(), out var code, out var error))
        {
            return code;
        }

        return ConsumableCode.TryParse(text.AsSpan(), out var full)
            ? full.ManufacturerCode
            : throw new SkipRowException($"code: '{text}' is not a 20-character classification-and-manufacturer code: {error.Message}");
    }

    private NhsaLabel? Label(RowReader row, string field, string header, string segment, string code)
    {
        if (row.Optional(field) is not { } text)
        {
            return null;
        }

        var label = NhsaLabel.Read(text);
        _suspicious.CheckText(row.Number, header, label.Name);
        _suspicious.CheckSegment(row.Number, header, label, segment, code);
        return label;
    }
}
