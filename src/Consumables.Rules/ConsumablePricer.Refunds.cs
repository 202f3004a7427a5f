using System.Globalization;
using System.Runtime.CompilerServices;
using Consumables.Rules.Engine;
using Consumables.Rules.Pricing;

namespace Consumables.Rules;

/// <summary>Refund lines (退费) priced against their sale (<c>init_feedetl_sn</c>).</summary>
public sealed partial class ConsumablePricer
{
    /// <summary>The trace rule naming the sale a refund mirrors.</summary>
    internal const string RefundMirrorsSaleRule = "refund/mirrors-sale";

    /// <summary>The trace rule of a refund whose sale is not in the input.</summary>
    internal const string RefundUnmatchedRule = "refund/unmatched";

    /// <summary>Says whether a line is a refund naming its sale: a negative <c>cnt</c> and a non-blank <c>init_feedetl_sn</c>.</summary>
    internal static bool NamesSale(in ChargeLine line) => line.Quantity < 0m && !string.IsNullOrWhiteSpace(line.OriginalSerialNumber);

    /// <summary>
    /// Prices a refund as the exact mirror of its sale's split: the sale's policy version, entry, price basis, limit,
    /// coverage (origin, approval, restriction) and ratio, applied to the refund's own quantity.
    /// </summary>
    /// <param name="refund">The refund line (negative <c>cnt</c>).</param>
    /// <param name="sale">The sale's result.</param>
    /// <param name="saleLine">The sale's 1-based line number in its batch or visit, or 0 when the caller gave it.</param>
    /// <param name="alreadyRefunded">The quantity earlier refunds of the same sale reversed (positive).</param>
    /// <param name="tracing">Whether to record the trace.</param>
    /// <returns>The mirrored split, or the refund's error.</returns>
    internal static PricingResult Mirror(in ChargeLine refund, in PricingResult sale, int saleLine, decimal alreadyRefunded, bool tracing)
    {
        var where = saleLine > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {saleLine}") : "the sale given";
        var named = RawLineReader.Shorten(refund.OriginalSerialNumber ?? string.Empty);
        var sold = sale.Line;
        if (refund.Quantity >= 0m)
        {
            return RefundError(refund, PricingErrorCode.InvalidField, FieldNames.Quantity, string.Create(CultureInfo.InvariantCulture,
                $"cnt {refund.Quantity} is not a refund's: a line reversing its sale (init_feedetl_sn '{named}') has a negative cnt."));
        }

        string? notASale = null;
        if (sale.IsContext)
        {
            notASale = $"is a context line (med_chrgitm_type {sale.ChargeItemType}), not a consumable sale";
        }
        else if (sale.Errors.Count > 0)
        {
            notASale = $"could not be priced ({string.Join("; ", sale.Errors.Select(static e => e.CodeName))}), so there is no split to reverse";
        }
        else if (sold.Quantity <= 0m || NamesSale(sold))
        {
            notASale = string.Create(CultureInfo.InvariantCulture, $"is not a sale (cnt {sold.Quantity})");
        }
        else if (sold.Code != refund.Code)
        {
            notASale = $"bills med_list_codg {sold.Code}, not {refund.Code}";
        }
        else if (sold.UnitPrice != refund.UnitPrice)
        {
            notASale = string.Create(CultureInfo.InvariantCulture, $"was sold at pric {sold.UnitPrice}, not {refund.UnitPrice}; a refund reverses its sale at the sale's price");
        }

        if (notASale is not null)
        {
            return RefundError(refund, PricingErrorCode.RefundNotASale, FieldNames.OriginalSerialNumber,
                $"init_feedetl_sn '{named}' names {where}, which {notASale}.");
        }

        if (-refund.Quantity > sold.Quantity - alreadyRefunded)
        {
            var earlier = alreadyRefunded == 0m ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", of which earlier refunds reversed {alreadyRefunded}");
            return RefundError(refund, PricingErrorCode.RefundExceedsSale, FieldNames.Quantity, string.Create(CultureInfo.InvariantCulture,
                $"cnt {refund.Quantity} refunds more than its sale ({where}, init_feedetl_sn '{named}') sold: cnt {sold.Quantity}{earlier}."));
        }

        var payable = sale.PriceBasis != PriceBasis.SelfPay;
        var facts = new LineFacts
        {
            Coverage = payable ? Coverage.Payable : Coverage.SelfPayRestricted,
            Limit = sale.EffectiveLimit,
            Ratio = sale.SelfPayRatio,
        };
        if (!TrySplit(refund, facts, out var amounts))
        {
            return RefundError(refund, PricingErrorCode.AmountOverflow, FieldNames.Quantity,
                FormattableString.Invariant($"cnt {refund.Quantity} × pric {refund.UnitPrice} gives a total beyond the platform's amount width {PlatformWidth.Amount.Describe()}."));
        }

        LinesPriced.Add(1);
        RuleTrace? trace = null;
        if (tracing)
        {
            trace = NewTrace();
            trace.Add(new RuleTraceEntry(RefundMirrorsSaleRule, true, string.Create(CultureInfo.InvariantCulture,
                $"init_feedetl_sn '{named}' names the sale at {where} (fee_ocur_time {sold.ServiceDate:yyyy-MM-dd}); the refund is its exact mirror under the sale's policy '{sale.PolicyId}': price_basis {sale.PriceBasis}, limit {sale.EffectiveLimit}, ratio {sale.SelfPayRatio}, {(payable ? "payable" : "fully self-paid")}"),
                []));
        }

        return sale with
        {
            Line = refund,
            Total = amounts.Total,
            FullySelfPaid = payable ? Money.ZeroAmount : amounts.Total,
            OverLimit = amounts.OverLimit,
            PreSelfPay = amounts.PreSelfPay,
            InPolicyScope = payable ? amounts.Total - amounts.OverLimit - amounts.PreSelfPay : Money.ZeroAmount,
            Trace = trace,
        };
    }

    /// <summary>Prices a refund whose sale is not in the input: on its own date, with the warning <c>refund-unmatched</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PricingResult Unmatched(PricingResult own)
    {
        own.Trace?.Add(new RuleTraceEntry(RefundUnmatchedRule, true,
            $"init_feedetl_sn '{RawLineReader.Shorten(own.Line.OriginalSerialNumber ?? string.Empty)}' names no sale in the input: the refund is priced on its own date ({own.Line.ServiceDate:yyyy-MM-dd}); pass the sale's result or date to price it as its mirror", []));
        return own with { Warnings = own.Warnings | PricingWarnings.RefundUnmatched };
    }

    /// <summary>An error on a refund line.</summary>
    private static PricingResult RefundError(in ChargeLine refund, PricingErrorCode code, string field, string message)
    {
        var error = new PricingError(code, field, message);
        LinesFailed.Add(1, new KeyValuePair<string, object?>("error", error.CodeName));
        return new PricingResult { Line = refund, Errors = [error] };
    }

    /// <inheritdoc />
    public PricingResult PriceRefund(in ChargeLine refund, in PricingResult sale) => Mirror(refund, sale, 0, 0m, _state.Tracing);

    /// <inheritdoc />
    public PricingResult PriceRefund(in ChargeLine refund, DateOnly saleDate)
    {
        var state = _state;
        var trace = state.Tracing ? NewTrace() : null;
        var result = PriceOne(state, refund with { ServiceDate = saleDate }, trace) with { Line = refund };
        trace?.Add(new RuleTraceEntry(RefundMirrorsSaleRule, true,
            $"the refund is priced under the policy in force on its sale's date {saleDate:yyyy-MM-dd} (given by the caller), not on its own date {refund.ServiceDate:yyyy-MM-dd}", []));
        return result;
    }

    /// <summary>
    /// Prices the refunds among lines whose other results are set (<paramref name="pending"/> marks the refunds): each
    /// refund whose sale (its <c>feedetl_sn</c>, trimmed) is among the lines mirrors the sale's result; the others are
    /// priced on their own date with <c>refund-unmatched</c>. Refunds of one sale are counted in input order, and
    /// together may not exceed it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PriceRefunds(State state, ReadOnlySpan<ChargeLine> lines, Span<PricingResult> results, ReadOnlySpan<bool> pending, VisitContext? context = null)
    {
        var sales = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].SerialNumber is { } serial && !string.IsNullOrWhiteSpace(serial) && !sales.TryAdd(serial.Trim(), i) && sales[serial.Trim()] >= 0)
            {
                sales[serial.Trim()] = -1 - sales[serial.Trim()];  // given twice: ambiguous, never guessed
            }
        }

        var refunded = new Dictionary<int, decimal>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!pending[i])
            {
                continue;
            }

            var refund = lines[i];
            var key = refund.OriginalSerialNumber!.Trim();
            if (!sales.TryGetValue(key, out var sale))
            {
                results[i] = Unmatched(Price(state, refund, state.Tracing ? NewTrace() : null, context));
            }
            else if (sale < 0)
            {
                results[i] = RefundError(refund, PricingErrorCode.RefundNotASale, FieldNames.OriginalSerialNumber,
                    $"init_feedetl_sn '{RawLineReader.Shorten(key)}' names more than one line (feedetl_sn given twice, first at line {-sale}); which sale it reverses is not guessed.");
            }
            else
            {
                results[i] = Mirror(refund, results[sale], sale + 1, refunded.GetValueOrDefault(sale), state.Tracing);
                if (results[i].IsPriced)
                {
                    refunded[sale] = refunded.GetValueOrDefault(sale) - refund.Quantity;
                }
            }
        }
    }
}
