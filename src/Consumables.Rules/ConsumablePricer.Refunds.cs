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

    /// <summary>A line that is not a refund naming its sale.</summary>
    private const int NotARefund = -1;

    /// <summary>A refund whose sale is not among the lines.</summary>
    private const int NoSale = -2;

    /// <summary>A refund naming a serial number more than one line carries.</summary>
    private const int Ambiguous = -3;

    /// <summary>
    /// Finds each refund's sale among lines (its <c>feedetl_sn</c>, trimmed, equal to the refund's <c>init_feedetl_sn</c>):
    /// per line, <see cref="NotARefund"/>, the sale's index, <see cref="NoSale"/> or <see cref="Ambiguous"/>; null, with
    /// nothing allocated, when no line is a refund naming its sale.
    /// </summary>
    /// <param name="lines">The lines.</param>
    /// <param name="read">Which lines were read (a raw line in error is no refund, though it may be named); empty: all.</param>
    private static int[]? FindSales(ReadOnlySpan<ChargeLine> lines, ReadOnlySpan<bool> read = default)
    {
        var any = false;
        for (var i = 0; i < lines.Length && !any; i++)
        {
            any = lines[i].OriginalSerialNumber is not null && NamesSale(lines[i]) && (read.IsEmpty || read[i]);
        }

        return any ? Sales(lines, read) : null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int[] Sales(ReadOnlySpan<ChargeLine> lines, ReadOnlySpan<bool> read)
    {
        var serials = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].SerialNumber is { } serial && !string.IsNullOrWhiteSpace(serial) && !serials.TryAdd(serial.Trim(), i))
            {
                serials[serial.Trim()] = Ambiguous;  // given twice: which sale is never guessed
            }
        }

        var sales = new int[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            sales[i] = !NamesSale(lines[i]) || !(read.IsEmpty || read[i]) ? NotARefund
                : serials.TryGetValue(lines[i].OriginalSerialNumber!.Trim(), out var sale) ? sale : NoSale;
        }

        return sales;
    }

    /// <summary>Says whether a line waits for its sale: a refund whose sale is among the lines (or whose serial is ambiguous).</summary>
    private static bool WaitsForSale(int[]? sales, int i) => sales is not null && (sales[i] >= 0 || sales[i] == Ambiguous);

    /// <summary>
    /// Prices the refunds among lines once every other result is set: each refund whose sale is among the lines mirrors
    /// the sale's result; the others, priced on their own date already, get <c>refund-unmatched</c>. Refunds of one sale
    /// are counted in input order and together may not exceed it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SettleRefunds(ReadOnlySpan<ChargeLine> lines, Span<PricingResult> results, int[] sales, bool tracing)
    {
        var refunded = new Dictionary<int, decimal>();
        for (var i = 0; i < lines.Length; i++)
        {
            var refund = lines[i];
            switch (sales[i])
            {
                case NotARefund:
                    break;
                case NoSale:
                    results[i] = Unmatched(results[i]);
                    break;
                case Ambiguous:
                    results[i] = RefundError(refund, PricingErrorCode.RefundNotASale, FieldNames.OriginalSerialNumber,
                        $"init_feedetl_sn '{RawLineReader.Shorten(refund.OriginalSerialNumber!.Trim())}' names more than one line (that feedetl_sn is given twice); which sale it reverses is not guessed.");
                    break;
                case var sale:
                    // A named line that is itself a refund has no result yet: it is no sale, whatever it says.
                    var sold = sales[sale] == NotARefund ? results[sale] : new PricingResult { Line = lines[sale] };
                    results[i] = Mirror(refund, sold, sale + 1, refunded.GetValueOrDefault(sale), tracing);
                    if (results[i].IsPriced)
                    {
                        refunded[sale] = refunded.GetValueOrDefault(sale) - refund.Quantity;
                    }

                    break;
            }
        }
    }
}
