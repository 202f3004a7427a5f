using Consumables.Rules.Engine;

namespace Consumables.Rules;

/// <summary>
/// Refund lines (退费) whose sale was priced elsewhere (another batch, another day). A refund whose sale is in the same
/// batch or visit needs none of this: <see cref="IConsumablePricer.PriceBatch(ReadOnlySpan{ChargeLine}, Span{PricingResult})"/>
/// and <see cref="IConsumablePricer.PriceVisit"/> find the sale by <c>init_feedetl_sn</c> themselves. These are extension
/// methods so that a wrapper implementing <see cref="IConsumablePricer"/> has nothing more to implement.
/// </summary>
public static class ConsumablePricerRefunds
{
    /// <summary>
    /// Prices a refund line as the exact mirror of its sale's split: the sale's policy version, entry, price basis,
    /// limit, coverage and ratio, applied to the refund's own <c>cnt</c>.
    /// </summary>
    /// <param name="pricer">The pricer (its trace setting is read from <paramref name="sale"/>: traced when the sale was).</param>
    /// <param name="refund">The refund line (negative <c>cnt</c>, the sale's code and price).</param>
    /// <param name="sale">The sale's result, as a pricer returned it.</param>
    /// <returns>The mirrored split; or an error: <c>refund-not-a-sale</c> when <paramref name="sale"/> is not a priced sale of the same code and price, <c>refund-exceeds-sale</c> when <c>|cnt|</c> is over the sale's.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pricer"/> is <see langword="null"/>.</exception>
    public static PricingResult PriceRefund(this IConsumablePricer pricer, in ChargeLine refund, in PricingResult sale)
    {
        ArgumentNullException.ThrowIfNull(pricer);
        return ConsumablePricer.Mirror(refund, sale, 0, 0m, sale.Trace is not null);
    }

    /// <summary>Prices a refund line under the policy in force on its sale's date, when only the date of the sale is known.</summary>
    /// <param name="pricer">The pricer.</param>
    /// <param name="refund">The refund line.</param>
    /// <param name="saleDate">The sale's service date.</param>
    /// <returns>The split (or errors) of the refund, priced as on <paramref name="saleDate"/>; its <see cref="PricingResult.Line"/> is the refund as given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pricer"/> is <see langword="null"/>.</exception>
    public static PricingResult PriceRefund(this IConsumablePricer pricer, in ChargeLine refund, DateOnly saleDate)
    {
        ArgumentNullException.ThrowIfNull(pricer);
        var result = pricer.Price(refund with { ServiceDate = saleDate }) with { Line = refund };
        result.Trace?.Add(new RuleTraceEntry(ConsumablePricer.RefundMirrorsSaleRule, true,
            $"the refund is priced under the policy in force on its sale's date {saleDate:yyyy-MM-dd} (given by the caller), not on its own date {refund.ServiceDate:yyyy-MM-dd}", []));
        return result;
    }
}
