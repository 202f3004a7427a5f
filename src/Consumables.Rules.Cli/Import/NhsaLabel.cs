using System.Globalization;
using System.Text;

namespace Consumables.Rules.Cli.Import;

/// <summary>
/// A label of NHSA's classification table in its published form <c>NN-名称</c> (<c>01-气管支气管支架</c>, <c>001-支架类</c>;
/// <c>000--</c> for none), with the spaces a line wrap left inside a Chinese name folded away (<c>107-人工关节 类</c>).
/// </summary>
internal readonly record struct NhsaLabel(string? Digits, string Name)
{
    /// <summary>Gets a value indicating whether the label says "none" (<c>000--</c>, <c>00-</c> or empty).</summary>
    internal bool IsNone => Name.Length == 0 && (Digits is null || Digits.All(static c => c == '0'));

    /// <summary>Reads a label: the digits before the first hyphen when there are any, then the name with wrapped spaces folded.</summary>
    internal static NhsaLabel Read(string text)
    {
        var trimmed = text.Trim();
        var dash = trimmed.IndexOfAny(['-', '－']);
        if (dash > 0 && trimmed[..dash].All(char.IsAsciiDigit))
        {
            var name = trimmed[(dash + 1)..].Trim();
            // "000--": the number, its hyphen, and a hyphen for the missing name.
            return new NhsaLabel(trimmed[..dash], name is "-" or "－" ? string.Empty : FoldWrappedSpaces(name));
        }

        return new NhsaLabel(null, FoldWrappedSpaces(trimmed));
    }

    /// <summary>
    /// Removes whitespace that has a Chinese character (or full-width mark) on either side: a line wrap in a cell, never a
    /// word break, since Chinese is written without spaces. Spaces between Latin words and numbers stay.
    /// </summary>
    internal static string FoldWrappedSpaces(string text)
    {
        if (!text.Any(char.IsWhiteSpace))
        {
            return text;
        }

        var folded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                var before = folded.Length > 0 ? folded[^1] : ' ';
                var after = NextNonSpace(text, i);
                if (IsWide(before) || IsWide(after) || before == ' ')
                {
                    continue;
                }

                folded.Append(' ');
                continue;
            }

            folded.Append(text[i]);
        }

        return folded.ToString().Trim();
    }

    /// <summary>Says whether a character is Chinese or a full-width form (any character above the Latin ranges).</summary>
    internal static bool IsWide(char c) => c >= '\u2E80';

    private static char NextNonSpace(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return text[i];
            }
        }

        return ' ';
    }

    public override string ToString() => Digits is null ? Name : string.Create(CultureInfo.InvariantCulture, $"{Digits}-{Name}");
}

/// <summary>
/// Flags what looks wrong in a table's names and class labels, row by row, without changing anything: replacement
/// characters (text decoded in the wrong encoding, or garbled by PDF extraction), stray punctuation, digits inside a Chinese
/// word, a level-3 name that differs between rows of one 三级 code, and a code whose class segments disagree with the
/// <c>NN-</c> of its labels. Each warning names the row.
/// </summary>
internal sealed class SuspiciousRows
{
    // Marks that have no place in a name or class label of NHSA's tables or a province's catalogue.
    private const string StrayMarks = "?？#＃@＠$＄^|｜~～`\"“”;；!！&＆*＊=＝<>{}\\…";

    private readonly Dictionary<string, (string Name, int Row)> _level3Names = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _reportedLevel3 = [];
    private readonly List<string> _warnings = [];

    internal IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Checks the text of one field: replacement characters, stray marks, digits inside a Chinese word, unbalanced brackets.</summary>
    internal void CheckText(int row, string field, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            Warn(row, $"{field} '{text}' holds the replacement character �: the text was garbled (a wrong encoding or a PDF extraction)");
        }

        if (text.FirstOrDefault(c => StrayMarks.Contains(c, StringComparison.Ordinal)) is var mark and not '\0')
        {
            Warn(row, $"{field} '{text}' holds the stray mark '{mark}'");
        }
        else if (Unbalanced(text))
        {
            Warn(row, $"{field} '{text}' has unbalanced brackets");
        }

        for (var i = 1; i + 1 < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]) || !IsChinese(text[i - 1]))
            {
                continue;
            }

            var end = i;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end < text.Length && IsChinese(text[end]))
            {
                Warn(row, $"{field} '{text}' has the digits '{text[i..end]}' inside a Chinese word");
                break;
            }

            i = end;
        }
    }

    /// <summary>Checks a level-3 name against the name the first row of the same 三级 code gave.</summary>
    /// <param name="row">The row number.</param>
    /// <param name="level3Code">The code's class digits up to level 3 (positions 2–7).</param>
    /// <param name="name">The level-3 name, wrapped spaces folded.</param>
    internal void CheckLevel3Name(int row, string level3Code, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        if (!_level3Names.TryGetValue(level3Code, out var first))
        {
            _level3Names[level3Code] = (name, row);
        }
        else if (!string.Equals(first.Name, name, StringComparison.Ordinal) && _reportedLevel3.Add((level3Code, name)))
        {
            Warn(row, $"三级分类 '{name}' of class C{level3Code} differs from '{first.Name}' on row {first.Row}");
        }
    }

    /// <summary>Checks a label's <c>NN-</c> against the code's segment it names.</summary>
    internal void CheckSegment(int row, string field, NhsaLabel label, string segment, string code)
    {
        if (label.Digits is { } digits && !label.IsNone && !string.Equals(digits, segment, StringComparison.Ordinal))
        {
            Warn(row, $"{field} '{label}' says {digits}, but code {code} has {segment} there");
        }
    }

    internal void Warn(int row, string message) => _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"row {row}: {message}"));

    private static bool IsChinese(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static bool Unbalanced(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c is '(' or '（' or '[' or '【' ? 1 : c is ')' or '）' or ']' or '】' ? -1 : 0;
            if (depth < 0)
            {
                return true;
            }
        }

        return depth != 0;
    }
}
