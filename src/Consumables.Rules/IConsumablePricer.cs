using Consumables.Rules.Policy;

namespace Consumables.Rules;

/// <summary>Prices consumable charge lines under the policy in force on each line's service date.</summary>
/// <remarks>
/// Implementations are thread-safe: one instance serves every thread. Each line is priced wholly under one policy
/// version, named in its result, even while a reload swaps the policies. A batch returns one result per input line, in
/// input order: priced, or with its errors; no line is ever dropped.
/// </remarks>
public interface IConsumablePricer
{
    /// <summary>Gets the policy versions in use, as a timeline.</summary>
    PolicyTimeline Policies { get; }

    /// <summary>
    /// Prices one line. With tracing off (the default) and no users' rules registered this allocates nothing for a priced
    /// line; with users' rules registered the line is a visit of its own with no context facts.
    /// </summary>
    /// <param name="line">The line.</param>
    /// <returns>The split, or the line's errors.</returns>
    PricingResult Price(in ChargeLine line);

    /// <summary>Reads and prices one raw line; a bad field becomes a typed error in the result.</summary>
    /// <param name="line">The raw line.</param>
    /// <returns>The split, or the line's errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is <see langword="null"/>.</exception>
    PricingResult Price(RawChargeLine line);

    /// <summary>Prices one line and records the full rule trace in <see cref="PricingResult.Trace"/>.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The split or errors, with the trace.</returns>
    PricingResult Explain(in ChargeLine line);

    /// <summary>Prices lines into a caller-provided buffer, one result per line at the same index; allocates nothing with tracing off.</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="results">Where the results go; at least as long as <paramref name="lines"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="results"/> is shorter than <paramref name="lines"/>.</exception>
    void PriceBatch(ReadOnlySpan<ChargeLine> lines, Span<PricingResult> results);

    /// <summary>
    /// Prices the lines of one visit (就诊, <c>mdtrt_id</c>) together: the standard decisions of every line, then users'
    /// own rules over the visit's lines and the caller's context facts, then the split of every line.
    /// </summary>
    /// <param name="lines">The visit's lines.</param>
    /// <param name="facts">The caller's own context facts (a ward, a doctor, an order…) users' rules may match; none when <see langword="null"/>.</param>
    /// <returns>One result per line, in input order.</returns>
    /// <remarks>
    /// A line whose <c>med_chrgitm_type</c> is not <c>08</c> is a context line (a service item, a drug…): it comes back
    /// marked <see cref="PricingResult.IsContext"/>, with no amounts and no error, and a restricted entry's named service
    /// item is satisfied when a context line of the visit bills it (the trace names the line). Lines that disagree on the
    /// insured area or the insurance type are each a <c>visit-mismatch</c> error; a visit of more than
    /// <see cref="ConsumablePricer.MaxVisitLines"/> lines is a <c>visit-too-large</c> error on each line. With no users'
    /// rules registered this costs what pricing the lines one by one costs (plus the result array).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is <see langword="null"/>.</exception>
    IReadOnlyList<PricingResult> PriceVisit(IReadOnlyList<ChargeLine> lines, IEnumerable<object>? facts = null);

    /// <summary>Prices a batch, one result per input line in input order.</summary>
    /// <param name="lines">The lines.</param>
    /// <returns>The results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is <see langword="null"/>.</exception>
    IReadOnlyList<PricingResult> PriceBatch(IEnumerable<ChargeLine> lines);

    /// <summary>Reads and prices a batch of raw lines, one result per input line in input order.</summary>
    /// <param name="lines">The raw lines.</param>
    /// <returns>The results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is <see langword="null"/>.</exception>
    IReadOnlyList<PricingResult> PriceBatch(IEnumerable<RawChargeLine> lines);

    /// <summary>
    /// Prices a refund line (退费) as the exact mirror of its sale's split when the sale was priced elsewhere (another
    /// batch, another day): the sale's policy version, entry, price basis, limit, coverage and ratio, applied to the
    /// refund's own <c>cnt</c>.
    /// </summary>
    /// <param name="refund">The refund line (negative <c>cnt</c>, the sale's code and price).</param>
    /// <param name="sale">The sale's result, as this pricer returned it.</param>
    /// <returns>The mirrored split; or an error: <c>refund-not-a-sale</c> when <paramref name="sale"/> is not a priced sale of the same code and price, <c>refund-exceeds-sale</c> when <c>|cnt|</c> is over the sale's.</returns>
    PricingResult PriceRefund(in ChargeLine refund, in PricingResult sale);

    /// <summary>Prices a refund line under the policy in force on its sale's date, when only the date of the sale is known.</summary>
    /// <param name="refund">The refund line.</param>
    /// <param name="saleDate">The sale's service date.</param>
    /// <returns>The split (or errors) of the refund, priced as on <paramref name="saleDate"/>; its <see cref="PricingResult.Line"/> is the refund as given.</returns>
    PricingResult PriceRefund(in ChargeLine refund, DateOnly saleDate);
}
