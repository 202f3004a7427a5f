using System.Globalization;
using System.Text.RegularExpressions;
using Consumables.Rules.Catalogue;

namespace Consumables.Rules.Cli.Import;

/// <summary>
/// Reads the kind of a restricted-use text (限定支付条件) from its wording, as provincial catalogues write them:
/// 不能与…同时收取 → notTogetherWith; 限：1.… stating ages or diseases → conditions (with the age bounds it states);
/// 限…使用 → limitedTo; anything else → note. The import lists each text with the kind chosen, and a
/// <c>restrictionKind</c> column corrects it.
/// </summary>
internal static partial class RestrictionWording
{
    /// <summary>A kind chosen for a text, the reason (the wording that decided it), and the age bounds a conditions text states.</summary>
    internal readonly record struct Reading(RestrictionKind Kind, string Reason, int? MinAge, int? MaxAge);

    internal static Reading Classify(string text)
    {
        var t = text.Trim();
        if (NotTogether().IsMatch(t))
        {
            return new(RestrictionKind.NotTogetherWith, "不能与…同时收取", null, null);
        }

        if (ConditionsList().IsMatch(t) && (t.Contains('岁') || Disease().IsMatch(t)))
        {
            var (min, max) = Ages(t);
            return new(RestrictionKind.Conditions, "限：1.… with ages or diseases", min, max);
        }

        if (LimitedUse().IsMatch(t))
        {
            return new(RestrictionKind.LimitedTo, "限…使用", null, null);
        }

        return new(RestrictionKind.Note, "no wording of a kind that limits payment", null, null);
    }

    /// <summary>Reads an author's kind from a <c>restrictionKind</c> cell: the policy file's names, or their Chinese wording.</summary>
    internal static RestrictionKind? Parse(string cell) => cell.Trim() switch
    {
        "limitedTo" or "限定使用" or "限…使用" => RestrictionKind.LimitedTo,
        "notTogetherWith" or "不能同时收取" or "不能与…同时收取" => RestrictionKind.NotTogetherWith,
        "conditions" or "患者条件" or "限定条件" => RestrictionKind.Conditions,
        "note" or "说明" => RestrictionKind.Note,
        _ => null,
    };

    /// <summary>The age bounds a text states: N岁以下/N周岁以下 (at most N), N岁以上 (at least N), N-M岁 / N～M岁 (both).</summary>
    private static (int? Min, int? Max) Ages(string text)
    {
        int? min = null, max = null;
        foreach (Match m in AgeBound().Matches(text))
        {
            var years = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (m.Groups["dir"].Value == "下")
            {
                max = max is { } x ? Math.Max(x, years) : years;
            }
            else
            {
                min = min is { } n ? Math.Min(n, years) : years;
            }
        }

        if (AgeRange().Match(text) is { Success: true } range)
        {
            min = int.Parse(range.Groups["a"].Value, CultureInfo.InvariantCulture);
            max = int.Parse(range.Groups["b"].Value, CultureInfo.InvariantCulture);
        }

        return min is { } lo && max is { } hi && lo > hi ? (null, null) : (min, max);
    }

    [GeneratedRegex("(不能|不得|不可)与.+同时(收取|收费)")]
    private static partial Regex NotTogether();

    [GeneratedRegex(@"^限[：:]\s*(1[\.．、]|（1）|\(1\)|①)")]
    private static partial Regex ConditionsList();

    [GeneratedRegex("患者|诊断|病|症|聋|损伤|骨折|肿瘤|畸形|综合征")]
    private static partial Regex Disease();

    [GeneratedRegex("限.*?使用")]
    private static partial Regex LimitedUse();

    [GeneratedRegex(@"(?<n>\d{1,3})周?岁以(?<dir>[上下])")]
    private static partial Regex AgeBound();

    [GeneratedRegex(@"(?<a>\d{1,3})\s*[-－~～至到]\s*(?<b>\d{1,3})\s*周?岁")]
    private static partial Regex AgeRange();
}
