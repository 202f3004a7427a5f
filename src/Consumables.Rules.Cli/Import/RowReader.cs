using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Import;

/// <summary>Thrown by <see cref="RowReader"/> when a row cannot be read: the row is skipped with this reason.</summary>
internal sealed class SkipRowException : Exception
{
    public SkipRowException(string message)
        : base(message)
    {
    }

    public SkipRowException()
    {
    }

    public SkipRowException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Reads the fields of one data row through the header's columns. Every value is read exactly or not at all: a value that
/// cannot be read throws <see cref="SkipRowException"/> naming the column, the text and what was expected.
/// </summary>
internal sealed partial class RowReader(Columns columns, SourceRow row)
{
    internal int Number => row.Number;

    internal bool Has(string field) => columns.Has(field);

    /// <summary>Says why the row's shape is wrong (wider or narrower than the header), or <see langword="null"/>.</summary>
    internal string? ShapeProblem()
    {
        if (row.FieldCount is { } count && count != columns.Width)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the row has {count} field(s) and the header {columns.Width} (an unquoted comma, such as 1,234.50, splits a field: quote it)");
        }

        return row.FieldCount is null && row.Extent > columns.Width
            ? $"the row has a value in column {Columns.Letter(row.Extent - 1)}, right of the header's last column {Columns.Letter(columns.Width - 1)}"
            : null;
    }

    /// <summary>Returns the field's text (empty when the table has no such column or the cell is blank).</summary>
    internal string Text(string field)
    {
        if (columns.ColumnOf(field) is not { } column)
        {
            return string.Empty;
        }

        var cell = row[column];
        return cell.Kind switch
        {
            CellKind.FormulaWithoutValue => throw Skip(field, column, "is a formula saved without its value (open the workbook in Excel and save it, or paste the values)"),
            CellKind.Error => throw Skip(field, column, $"holds the error {cell.Text}"),
            _ => cell.Text,
        };
    }

    internal string Required(string field)
    {
        var text = Text(field);
        return text.Length > 0 ? text : throw Skip(field, columns.ColumnOf(field) ?? 0, "is empty");
    }

    internal string? Optional(string field) => Text(field) is { Length: > 0 } text ? text : null;

    internal CatalogueCode CatalogueCode(string field)
    {
        var text = Required(field);
        return Codes.CatalogueCode.TryParse(text.AsSpan(), out var code, out var error) ? code : throw Skip(field, $"{Quoted.Text(text)} is not a 15-character catalogue code: {error.Message}");
    }

    /// <summary>Reads a catalogue sheet's key: 10 characters key the entry by generic name, anything else is read as a 15-character catalogue code.</summary>
    internal (CatalogueCode Code, CatalogueLevel Level) CatalogueKey(string field)
    {
        var text = Required(field);
        if (text.Length != GenericNameClass.Length)
        {
            return (CatalogueCode(field), CatalogueLevel.CatalogueCode);
        }

        return GenericNameClass.TryParse(text.AsSpan(), out var genericName, out var error)
            ? (CatalogueEntry.CodeOf(genericName), CatalogueLevel.GenericName)
            : throw Skip(field, $"{Quoted.Text(text)} is not a 10-character generic-name code: {error.Message}");
    }

    internal ConsumableCode ConsumableCode(string field)
    {
        var text = Required(field);
        return Codes.ConsumableCode.TryParse(text.AsSpan(), out var code, out var error) ? code : throw Skip(field, $"{Quoted.Text(text)} is not a 27-character consumable code: {error.Message}");
    }

    /// <summary>Reads an amount in yuan exactly, or skips the row; <see langword="null"/> when blank.</summary>
    internal decimal? Amount(string field)
    {
        var text = Text(field);
        if (text.Length == 0)
        {
            return null;
        }

        return TryParseAmount(text, Kind(field), out var value, out var why) ? value : throw Skip(field, $"{Quoted.Text(text)} {why}");
    }

    /// <summary>Reads a ratio: <c>10%</c>, or a fraction from 0 to 1 such as <c>0.10</c>.</summary>
    internal decimal Ratio(string field)
    {
        var text = Required(field).Normalize(NormalizationForm.FormKC);
        var percent = text.EndsWith('%');
        if (!TryParseAmount(percent ? text[..^1] : text, Kind(field), out var value, out var why))
        {
            throw Skip(field, $"{Quoted.Text(text)} {why}");
        }

        var ratio = percent ? value / 100m : value;
        return ratio is >= 0m and <= 1m ? ratio : throw Skip(field, $"{Quoted.Text(text)} is not a ratio from 0 to 1 (write 10% or 0.10)");
    }

    internal DateOnly? Date(string field)
    {
        var text = Text(field).Normalize(NormalizationForm.FormKC);
        if (text.Length == 0)
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd"];
        return DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Skip(field, $"{Quoted.Text(text)} is not a date (yyyy-MM-dd)");
    }

    internal PaymentCategory Category(string field)
    {
        var text = Required(field).Normalize(NormalizationForm.FormKC);
        return text.ToUpperInvariant() switch
        {
            "甲类" or "甲" or "A" or "01" => PaymentCategory.A,
            "乙类" or "乙" or "B" or "02" => PaymentCategory.B,
            "丙类" or "丙" or "C" or "03" => PaymentCategory.C,
            _ => throw Skip(field, $"{Quoted.Text(text)} is not 甲类, 乙类 or 丙类"),
        };
    }

    internal ValueClass? ValueClass(string field, string? fallback)
    {
        var text = Text(field) is { Length: > 0 } t ? t : fallback;
        return text switch
        {
            null or "" => null,
            "高值" or "高值耗材" or "高" or "high" => Catalogue.ValueClass.High,
            "低值" or "低值耗材" or "低" or "low" => Catalogue.ValueClass.Low,
            _ => throw Skip(field, $"{Quoted.Text(text)} is not 高值 or 低值"),
        };
    }

    /// <summary>Reads an origin: 国产/1/domestic, 进口/2/imported; blank or 不限/任意/全部 is any (<see langword="null"/>).</summary>
    internal Origin? Origin(string field)
    {
        var text = Text(field).Normalize(NormalizationForm.FormKC);
        return text switch
        {
            "" or "不限" or "任意" or "全部" or "any" => null,
            "国产" or "国内" or "1" or "domestic" => Catalogue.Origin.Domestic,
            "进口" or "2" or "imported" => Catalogue.Origin.Imported,
            _ => throw Skip(field, $"{Quoted.Text(text)} is not an origin (国产 or 进口, or blank for any)"),
        };
    }

    internal InsuranceType InsuranceType(string field)
    {
        var text = Required(field).Normalize(NormalizationForm.FormKC);
        return text switch
        {
            "310" or "职工" or "职工医保" or "职工基本医疗保险" => Policy.InsuranceType.Employee,
            "390" or "居民" or "城乡居民" or "居民医保" or "城乡居民基本医疗保险" => Policy.InsuranceType.Resident,
            _ => throw Skip(field, $"{Quoted.Text(text)} is not a basic insurance type (310 职工 or 390 城乡居民)"),
        };
    }

    internal AdministrativeDivision Division(string field)
    {
        var text = Required(field);
        return AdministrativeDivision.TryParse(text, out var division) ? division : throw Skip(field, $"{Quoted.Text(text)} is not a 6-digit administrative division code");
    }

    /// <summary>Parses an amount exactly: full-width digits, a leading ¥ or trailing 元, and thousands separators in groups of three are accepted; anything else is refused, never read as another number.</summary>
    internal static bool TryParseAmount(string text, CellKind kind, out decimal value, out string why)
    {
        value = 0m;
        if (kind == CellKind.Number)
        {
            // The workbook's own number, as stored: exponent form included.
            why = "is beyond the range of an exact decimal";
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        var s = text.Normalize(NormalizationForm.FormKC).Trim();
        s = s.TrimStart('¥').TrimEnd('元').Replace(" ", string.Empty, StringComparison.Ordinal);
        if (s.StartsWith("RMB", StringComparison.OrdinalIgnoreCase))
        {
            s = s[3..];
        }

        if (!AmountPattern().IsMatch(s))
        {
            why = "is not an amount (digits with an optional decimal point; thousands separated by commas in groups of three)";
            return false;
        }

        why = "is beyond the range of an exact decimal";
        return decimal.TryParse(s.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();

    private CellKind Kind(string field) => columns.ColumnOf(field) is { } c ? row[c].Kind : CellKind.Text;

    private SkipRowException Skip(string field, string what) => Skip(field, columns.ColumnOf(field) ?? 0, what, prefix: false);

    private SkipRowException Skip(string field, int column, string what, bool prefix = true) =>
        new(prefix
            ? $"{field} (column {Columns.Letter(column)} {columns.Header[column].Text}) {what}"
            : $"{field} (column {Columns.Letter(column)} {columns.Header[column].Text}): {what}");
}
