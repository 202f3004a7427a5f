using System.Globalization;
using System.Text;
using Consumables.Rules.Engine;
using static Consumables.Rules.Pricing.PricingFacts;

namespace Consumables.Rules.Pricing;

/// <summary>
/// Renders the pricing facts in a trace as the insurance platform writes them: codes instead of enum names
/// (<c>insutype</c> 310, <c>hosp_appr_flag</c> 2, <c>prodplac_type</c> 1), limits with 6 decimals, ratios with 4,
/// other enums in lower-case words (<c>procurement-winner</c>) and booleans as <c>true</c>/<c>false</c>.
/// </summary>
internal sealed class PlatformTraceFormatter : TraceFormatter
{
    internal static readonly PlatformTraceFormatter Instance = new();

    private static readonly HashSet<Fact> Limits = [Limit, MaximumPaymentLimit, ProcurementPrice, PricingFacts.SettlementMedian, ItemCap];

    private static readonly HashSet<Fact> Ratios = [Ratio, TableRatio];

    public override string Format<T>(Fact fact, T value) => value switch
    {
        null => "none",
        bool flag => flag ? "true" : "false",
        decimal number when Limits.Contains(fact) => Money.AsLimit(number).ToString(CultureInfo.InvariantCulture),
        decimal number when Ratios.Contains(fact) => Money.AsRatio(number).ToString(CultureInfo.InvariantCulture),
        Policy.InsuranceType or HospitalApproval or Catalogue.Origin => Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        Catalogue.PaymentCategory category => category.ToString(),
        PricingErrorCode code => new PricingError(code, string.Empty, string.Empty).CodeName,
        Enum flags => Words(flags),
        _ => base.Format(fact, value),
    };

    /// <summary>Renders an enum (or a combination of flags) as lower-case words joined by hyphens: <c>SelfPayNotListed</c> → <c>self-pay-not-listed</c>.</summary>
    internal static string Words(Enum value)
    {
        var text = value.ToString();
        var words = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsUpper(c))
            {
                if (words.Length > 0 && words[^1] is not ' ')
                {
                    words.Append('-');
                }

                words.Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }

        return words.ToString();
    }
}
