using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Engine;
using Consumables.Rules.Policy;
using Consumables.Rules.Pricing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consumables.Rules;

/// <summary>
/// The pricing facade: looks up a line's facts once under the policy in force, runs the pricing rules and splits the
/// money exactly. Create one with <see cref="CreateDefault"/>, <see cref="Create(ConsumablesRulesOptions)"/>,
/// or through dependency injection with <c>services.AddConsumablesRules()</c>.
/// </summary>
/// <remarks>
/// Thread-safe. The policies and rules form one immutable state read once per line, so a reload
/// (<see cref="Reload(ConsumablesRulesOptions)"/>) swaps them atomically and a line is never priced under two versions.
/// </remarks>
public sealed partial class ConsumablePricer : IConsumablePricer
{
    /// <summary>The name of the meter the pricer reports to (<see cref="System.Diagnostics.Metrics"/>).</summary>
    public const string MeterName = "Consumables.Rules";

    /// <summary>The most lines one visit may hold (20,000); a larger visit is an error on each of its lines (<c>visit-too-large</c>), never an out-of-memory.</summary>
    public const int MaxVisitLines = 20_000;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> LinesPriced = Meter.CreateCounter<long>("consumables.lines.priced", "{line}", "Lines priced.");
    private static readonly Counter<long> LinesFailed = Meter.CreateCounter<long>("consumables.lines.failed", "{line}", "Lines that could not be priced, by error code.");
    private static readonly Counter<long> RuleFirings = Meter.CreateCounter<long>("consumables.rules.fired", "{rule}", "Rules fired.");

    private static readonly Lazy<ConsumablePricer> DefaultPricer = new(() => Create(new ConsumablesRulesOptions()));

    private volatile State _state;

    private ConsumablePricer(State state) => _state = state;

    /// <inheritdoc />
    public PolicyTimeline Policies => _state.Timeline;

    /// <summary>Gets the pricer of the embedded default policy with the standard rules (shared, thread-safe).</summary>
    /// <returns>The default pricer.</returns>
    public static ConsumablePricer CreateDefault() => DefaultPricer.Value;

    /// <summary>Creates a pricer from options: loads the policy files and streams (none means the embedded default) and compiles the rules.</summary>
    /// <param name="options">The options.</param>
    /// <returns>A new pricer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="PolicyLoadException">A policy is invalid; the exception lists every problem with its path.</exception>
    /// <exception cref="RuleCompilationException">The configured rules do not compile.</exception>
    public static ConsumablePricer Create(ConsumablesRulesOptions options) => new(State.Build(options, NullLogger.Instance));

    /// <summary>Creates a pricer from options, logging the rules compiled (the DI-registered pricer).</summary>
    internal static ConsumablePricer Create(ConsumablesRulesOptions options, ILogger logger) => new(State.Build(options, logger));

    /// <summary>Creates a pricer over the given policy versions.</summary>
    /// <param name="policies">The timeline of policy versions.</param>
    /// <param name="options">Rule and treatment options; the policy sources in it are ignored.</param>
    /// <returns>A new pricer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policies"/> is <see langword="null"/>.</exception>
    public static ConsumablePricer Create(PolicyTimeline policies, ConsumablesRulesOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return new(State.Build(policies, options ?? new ConsumablesRulesOptions(), NullLogger.Instance));
    }

    /// <summary>Reloads the policies (read afresh) and rules from options and swaps them in atomically; on failure the current state stays.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="PolicyLoadException">A policy is invalid; nothing was swapped.</exception>
    public void Reload(ConsumablesRulesOptions options) => _state = State.Build(options, NullLogger.Instance, reuse: false);

    /// <summary>Swaps in options the options validator has just loaded (their policies are not read again).</summary>
    internal void ReloadValidated(ConsumablesRulesOptions options, ILogger logger) => _state = State.Build(options, logger);

    /// <summary>The message when the NRules engine is chosen and the NRules package is not registered.</summary>
    internal const string NRulesNotRegistered =
        "Engine: PricingEngine.NRules needs the Consumables.Rules.NRules package: call services.AddNRulesPricingRules() (or options.UseNRules()).";

    /// <inheritdoc />
    public PricingResult Price(in ChargeLine line)
    {
        var state = _state;
        return line.OriginalSerialNumber is not null && NamesSale(line)
            ? PriceLoneRefund(state, line)
            : PriceOne(state, line, state.Tracing ? NewTrace() : null);
    }

    /// <summary>A refund naming its sale, priced alone: its sale is not in the input (kept off the hot path).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PricingResult PriceLoneRefund(State state, in ChargeLine line) => Unmatched(PriceOne(state, line, state.Tracing ? NewTrace() : null));

    /// <inheritdoc />
    public PricingResult Price(RawChargeLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (RawLineReader.TryRead(line, out var typed, out var errors, _state.HospitalCodes))
        {
            return Price(typed);
        }

        return Unread(typed, errors);
    }

    /// <summary>A raw line whose fields could not be read, with one error per bad field.</summary>
    private static PricingResult Unread(in ChargeLine line, IReadOnlyList<PricingError> errors)
    {
        foreach (var error in errors)
        {
            LinesFailed.Add(1, new KeyValuePair<string, object?>("error", error.CodeName));
        }

        return new PricingResult { Line = line, Errors = errors };
    }

    /// <inheritdoc />
    public PricingResult Explain(in ChargeLine line)
    {
        var result = PriceOne(_state, line, NewTrace());
        return NamesSale(line) ? Unmatched(result) : result;
    }

    /// <summary>One line on its own: straight through the rules, or, with users' rules registered, as a visit of one line.</summary>
    private static PricingResult PriceOne(State state, in ChargeLine line, RuleTrace? trace) =>
        state.LineAloneRules is null ? Price(state, line, trace) : PriceAlone(state, line, trace);

    /// <summary>A trace that renders values in the platform's codes.</summary>
    private static RuleTrace NewTrace() => new(PlatformTraceFormatter.Instance);

    /// <inheritdoc />
    public IReadOnlyList<PricingResult> PriceVisit(IReadOnlyList<ChargeLine> lines, IEnumerable<object>? facts = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var state = _state;
        var results = new PricingResult[lines.Count];
        if (lines.Count > MaxVisitLines)
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = TooLarge(lines[i], lines.Count);
            }

            return results;
        }

        var context = VisitContext.Of(lines);
        var visitFacts = VisitFacts(lines, facts);
        // Copied once (the refund steps read the lines as a span), not once per step.
        ReadOnlySpan<ChargeLine> all = lines as ChargeLine[] ?? [.. lines];
        var sales = FindSales(all);
        if (state.VisitRules is null || !state.VisitRules.MayMatch(visitFacts))
        {
            for (var i = 0; i < results.Length; i++)
            {
                if (!WaitsForSale(sales, i))
                {
                    results[i] = Price(state, lines[i], state.Tracing ? NewTrace() : null, context);
                }
            }

            if (sales is not null)
            {
                SettleRefunds(all, results, sales, state.Tracing);
            }

            return results;
        }

        // Users' rules see the consumable lines as PricedLine facts, and the context lines (service items, drugs…) as
        // ChargeLine facts beside the caller's own.
        var visit = new PricingVisit(visitFacts, state.MaxUserRuleFirings);
        var priced = new List<PricedLine>(results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            var line = lines[i];
            if (WaitsForSale(sales, i))
            {
                continue;
            }

            if (line.IsContext)
            {
                results[i] = Context(line);
            }
            else if (InvalidChargeItemType(line) is { } invalid)
            {
                results[i] = invalid;
            }
            else if (context?.Mismatch is { } mismatch)
            {
                results[i] = Mismatched(line, mismatch);
            }
            else
            {
                priced.Add(Decide(state, visit, i, line, state.Tracing ? NewTrace() : null, context));
            }
        }

        RunVisitRules(state.VisitRules, visit, [.. priced]);
        foreach (var line in priced)
        {
            results[line.Index] = Finish(state, line);
        }

        if (sales is not null)
        {
            SettleRefunds(all, results, sales, state.Tracing);
        }

        return results;
    }

    /// <summary>The facts users' rules see beside the visit's <see cref="PricedLine"/>s: the caller's, then the context lines (service items, drugs…) as <see cref="ChargeLine"/> facts.</summary>
    /// <remarks>Read once into a list when not one already: the caller's sequence is enumerated once.</remarks>
    private static IReadOnlyList<object> VisitFacts(IReadOnlyList<ChargeLine> lines, IEnumerable<object>? facts)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].IsContext)
            {
                return [.. facts ?? [], .. lines.Where(static l => l.IsContext).Select(static l => (object)l)];
            }
        }

        return facts as IReadOnlyList<object> ?? (facts is null ? [] : [.. facts]);
    }

    /// <summary>A line of a visit larger than <see cref="MaxVisitLines"/>.</summary>
    /// <param name="line">The line.</param>
    /// <param name="lines">How many lines the visit has (or has so far, when it is read as a stream).</param>
    /// <returns>The line with its <c>visit-too-large</c> error.</returns>
    internal static PricingResult TooLarge(in ChargeLine line, int lines)
    {
        var error = new PricingError(PricingErrorCode.VisitTooLarge, FieldNames.VisitId, string.Create(CultureInfo.InvariantCulture,
            $"Visit mdtrt_id '{line.VisitId}' has {lines} lines or more; a visit holds at most {MaxVisitLines} lines, so none of its lines is priced."));
        LinesFailed.Add(1, new KeyValuePair<string, object?>("error", error.CodeName));
        return new PricingResult { Line = line, Errors = [error] };
    }

    /// <summary>A consumable line of a visit whose lines disagree on the insured area or the insurance type.</summary>
    private static PricingResult Mismatched(in ChargeLine line, string mismatch)
    {
        var error = new PricingError(PricingErrorCode.VisitMismatch, FieldNames.VisitId, mismatch);
        LinesFailed.Add(1, new KeyValuePair<string, object?>("error", error.CodeName));
        return new PricingResult { Line = line, Errors = [error] };
    }

    /// <inheritdoc />
    public void PriceBatch(ReadOnlySpan<ChargeLine> lines, Span<PricingResult> results)
    {
        if (results.Length < lines.Length)
        {
            throw new ArgumentException($"The results buffer holds {results.Length} results; {lines.Length} lines need as many.", nameof(results));
        }

        var state = _state;
        var sales = FindSales(lines);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!WaitsForSale(sales, i))
            {
                results[i] = PriceOne(state, lines[i], state.Tracing ? NewTrace() : null);
            }
        }

        if (sales is not null)
        {
            SettleRefunds(lines, results, sales, state.Tracing);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<ChargeLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var typed = lines.ToArray();
        var results = new PricingResult[typed.Length];
        PriceBatch(typed, results);
        return results;
    }

    /// <inheritdoc />
    public IReadOnlyList<PricingResult> PriceBatch(IEnumerable<RawChargeLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var state = _state;
        var typed = new List<ChargeLine>(lines.TryGetNonEnumeratedCount(out var count) ? count : 16);
        var read = new List<bool>(typed.Capacity);
        var errors = new List<IReadOnlyList<PricingError>>(typed.Capacity);
        foreach (var raw in lines)
        {
            ArgumentNullException.ThrowIfNull(raw, nameof(lines));
            read.Add(RawLineReader.TryRead(raw, out var line, out var lineErrors, state.HospitalCodes));
            typed.Add(line);
            errors.Add(lineErrors);
        }

        var sales = FindSales(CollectionsMarshal.AsSpan(typed), CollectionsMarshal.AsSpan(read));
        var results = new PricingResult[typed.Count];
        for (var i = 0; i < results.Length; i++)
        {
            if (!WaitsForSale(sales, i))
            {
                results[i] = read[i] ? PriceOne(state, typed[i], state.Tracing ? NewTrace() : null) : Unread(typed[i], errors[i]);
            }
        }

        if (sales is not null)
        {
            SettleRefunds(CollectionsMarshal.AsSpan(typed), results, sales, state.Tracing);
        }

        return results;
    }

    private static PricingResult Price(State state, in ChargeLine line, RuleTrace? trace, VisitContext? visit = null)
    {
        if (line.ChargeItemType is { } type && !string.Equals(type, ChargeLine.ConsumableChargeItemType, StringComparison.Ordinal))
        {
            if (line.IsContext)
            {
                return Context(line);
            }

            if (InvalidChargeItemType(line) is { } invalid)
            {
                return invalid;
            }
        }

        if (visit?.Mismatch is { } mismatch)
        {
            return Mismatched(line, mismatch);
        }

        if (!PlatformWidth.Quantity.Fits(line.Quantity) || !PlatformWidth.UnitPrice.Fits(line.UnitPrice))
        {
            return BeyondWidth(line, trace);
        }

        var facts = default(LineFacts);
        var policy = Decide(state, line, ref facts, trace, out var entry, visit);
        if (facts.Rejection != 0)
        {
            return Rejected(line, facts, policy, entry, state.Timeline, trace);
        }

        return Split(line, facts, policy!, entry, trace);
    }

    /// <summary>The error of a line whose <c>med_chrgitm_type</c> is not the platform's two digits, or null when it is (or is not given).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PricingResult? InvalidChargeItemType(in ChargeLine line)
    {
        if (line.ChargeItemType is not { } type || ChargeLine.ReadChargeItemType(type) is not null)
        {
            return null;
        }

        var error = new PricingError(PricingErrorCode.InvalidField, FieldNames.ChargeItemType, RawLineReader.ChargeItemTypeMessage(type));
        LinesFailed.Add(1, new KeyValuePair<string, object?>("error", error.CodeName));
        return new PricingResult { Line = line, Errors = [error] };
    }

    /// <summary>A context line (a service item, a drug…): returned as given, marked as context, with no amounts and no error.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PricingResult Context(in ChargeLine line) => new() { Line = line, IsContext = true, Errors = [] };

    /// <summary>The standard decisions of one line: looks its facts up and runs the pricing rules on the chosen engine.</summary>
    /// <returns>The policy the line is priced under: the one in force, or its fallback for a code only the fallback lists.</returns>
    private static PolicyVersion? Decide(State state, in ChargeLine line, ref LineFacts facts, RuleTrace? trace, out CatalogueEntry? entry, VisitContext? visit = null)
    {
        state.Timeline.TryGetVersionFor(line.ServiceDate, out var policy);
        entry = Gather(ref facts, line, ref policy, state, visit, out var billedBy);

        if (state.Engine is { } engine)
        {
            RuleFirings.Add(engine.Evaluate(ref facts, trace));
        }
        else
        {
            var outcome = trace is null ? state.Rules.Evaluate(ref facts) : state.Rules.Evaluate(ref facts, trace);
            RuleFirings.Add(outcome.FiredCount);
        }

        if (trace is not null && entry?.Restriction is not null)
        {
            // After the rules: an evaluation starts its trace afresh.
            trace.Add(RestrictionApplied(entry, facts));
            if (billedBy >= 0)
            {
                trace.Add(ServiceItemBilled(line, entry, facts, visit!, billedBy));
            }
        }

        return policy;
    }

    /// <summary>One line of a visit decided by the standard rules, ready for users' rules.</summary>
    private static PricedLine Decide(State state, PricingVisit visit, int index, in ChargeLine line, RuleTrace? trace, VisitContext? context = null)
    {
        var facts = default(LineFacts);
        var policy = Decide(state, line, ref facts, trace, out _, context);
        return new PricedLine(visit, index, line, facts, policy, trace);
    }

    /// <summary>A line priced on its own while users' rules are registered: a visit of one line with no context facts.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PricingResult PriceAlone(State state, in ChargeLine line, RuleTrace? trace)
    {
        if (line.IsContext)
        {
            return Context(line);
        }

        if (InvalidChargeItemType(line) is { } invalid)
        {
            return invalid;
        }

        var visit = new PricingVisit([], state.MaxUserRuleFirings);
        PricedLine[] priced = [Decide(state, visit, 0, line, trace)];
        RunVisitRules(state.LineAloneRules!, visit, priced);
        return Finish(state, priced[0]);
    }

    /// <summary>Runs users' rules over a visit; a fault of the stage itself fails every line, never the batch.</summary>
    private static void RunVisitRules(IVisitRules rules, PricingVisit visit, PricedLine[] lines)
    {
        visit.SetLines(lines);
        try
        {
            rules.Run(visit);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            foreach (var line in lines)
            {
                line.Fail(visit.CurrentRule, ex.Message);
            }
        }
    }

    /// <summary>Splits a line of a visit after users' rules: their rejection, else the standard path with their changes.</summary>
    private static PricingResult Finish(State state, PricedLine priced)
    {
        ref var facts = ref priced.Facts;
        var line = priced.Line;
        PricingResult result;
        if (!PlatformWidth.Quantity.Fits(line.Quantity) || !PlatformWidth.UnitPrice.Fits(line.UnitPrice))
        {
            result = BeyondWidth(line, priced.Trace);
        }
        else if (facts.Rejection != 0)
        {
            result = Rejected(line, facts, priced.Policy, priced.Entry, state.Timeline, priced.Trace);
        }
        else if (priced.Error is { } error)
        {
            LinesFailed.Add(1, new KeyValuePair<string, object?>("error", error.CodeName));
            result = new PricingResult { Line = line, PolicyId = priced.PolicyId, PricedCode = facts.Code, Errors = [error], Warnings = facts.Warnings, Trace = priced.Trace };
        }
        else
        {
            result = Split(line, facts, priced.Policy!, priced.Entry, priced.Trace);
        }

        return priced.Warnings.Count == 0 ? result : result with { RuleWarnings = priced.Warnings };
    }

    /// <summary>A line a rule rejected: the rejection (its typed error is built when read), the warnings so far, the trace.</summary>
    private static PricingResult Rejected(in ChargeLine line, in LineFacts facts, PolicyVersion? policy, CatalogueEntry? entry, PolicyTimeline timeline, RuleTrace? trace)
    {
        LinesFailed.Add(1, new KeyValuePair<string, object?>("error", PricingError.NameOf(facts.Rejection)));
        return new PricingResult(new LineRejection(facts.Rejection, policy, facts, IsLoaded(policy?.FallbackPolicyId, timeline)))
        {
            Line = line,
            PolicyId = policy?.Id,
            PricedCode = facts.Code,
            Entry = entry,
            NhsaGenericName = NhsaName(policy, facts.Code),
            Warnings = facts.Warnings,
            Trace = trace,
        };
    }

    /// <summary>Says whether a policy id names a loaded version (for the message of a not-listed line).</summary>
    private static bool IsLoaded(string? policyId, PolicyTimeline timeline)
    {
        // A loop, not a lambda: a closure would be allocated on every rejected line, whether or not a fallback is named.
        for (var i = 0; policyId is not null && i < timeline.Versions.Count; i++)
        {
            if (string.Equals(timeline.Versions[i].Id, policyId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A typed line whose quantity or price is beyond the platform's widths: refused before any rule, as the raw reader refuses it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PricingResult BeyondWidth(in ChargeLine line, RuleTrace? trace)
    {
        var errors = new List<PricingError>(2);
        foreach (var (width, value) in (ReadOnlySpan<(PlatformWidth, decimal)>)[(PlatformWidth.Quantity, line.Quantity), (PlatformWidth.UnitPrice, line.UnitPrice)])
        {
            if (!width.Fits(value))
            {
                errors.Add(new PricingError(PricingErrorCode.InvalidField, width.Name,
                    FormattableString.Invariant($"{width.Name} {value} is beyond the platform's width {width.Describe()}. Nothing is rounded silently.")));
                LinesFailed.Add(1, new KeyValuePair<string, object?>("error", errors[^1].CodeName));
            }
        }

        return new PricingResult { Line = line, Errors = errors, Trace = trace };
    }

    /// <summary>
    /// Looks up, once, every fact the rules reason over. A code the policy's catalogue lacks is looked up in its
    /// fallback policy (the previous policy, which the notice keeps for such codes) when that is loaded and lists it;
    /// <paramref name="policy"/> is then the fallback. A restricted entry's named service item is satisfied by the line's
    /// own service item or, in a visit, by a line of the visit that bills it.
    /// </summary>
    /// <returns>The catalogue entry that applies (its own code's, else its generic name's); <paramref name="billedBy"/> is the index of the visit's line that satisfied its restriction, or -1.</returns>
    private static CatalogueEntry? Gather(ref LineFacts facts, in ChargeLine line, ref PolicyVersion? policy, State state, VisitContext? visit, out int billedBy)
    {
        if (policy?.FallbackPolicyId is not null && state.Fallback(policy) is { } fallback && IsListedOnlyIn(fallback, policy, line.Code, state.MapRecodedCodes))
        {
            facts.FallbackPolicy = true;
            policy = fallback;
        }

        billedBy = -1;
        var mapRecoded = state.MapRecodedCodes;
        facts.Code = line.Code;
        facts.Quantity = line.Quantity;
        facts.UnitPrice = line.UnitPrice;
        facts.InsuranceType = line.InsuranceType;
        facts.PoolingArea = line.PoolingArea;
        facts.Approval = line.HospitalApproval;
        facts.MedicalType = line.MedicalType;
        if (policy is null)
        {
            return null;
        }

        facts.HasPolicy = true;
        facts.ItemCap = policy.ItemCap;
        // Out of province (异地就医): the insured area lies in another province than the hospital's area (就医地,
        // mdtrtarea_admvs), or than the policy's province when the line does not say where the hospital is.
        facts.AreaInProvince = (line.HospitalArea is { } hospital ? hospital.Province : policy.Province).Contains(line.PoolingArea);

        if (mapRecoded && policy.TryGetRecoding(line.Code, out var mapped))
        {
            facts.Code = mapped;
            facts.Recoded = true;
        }

        var code = facts.Code;
        facts.CatalogueCode = code.CatalogueCode;
        facts.Origin = line.Origin;
        facts.ProductsComplete = policy.ProductsComplete;
        if (policy.TryGetProduct(code, out var product))
        {
            facts.Disabled = product.Disabled;
            facts.Registration = ProductRegistration.Registered;
            if (policy.OriginOf(product) is { } registered)
            {
                // The registry's origin (its registration number) wins over the line's claim (不得串换).
                facts.OriginConflict = line.Origin is { } declared && declared != registered;
                facts.Origin = registered;
            }
        }
        else if (policy.HasProductsUnder(facts.CatalogueCode))
        {
            facts.Registration = ProductRegistration.Unregistered;
        }

        if (policy.TryGetEntry(code, out var entry) || UsesDefaultEntry(policy, line.UnitPrice, ref facts, out entry))
        {
            facts.Listed = true;
            facts.Category = entry.Category;
            facts.ValueClass = entry.ValueClass;
            facts.MaximumPaymentLimit = entry.MaxPaymentLimit;
            if (entry.Restriction is { } restriction)
            {
                facts.Restricted = true;
                facts.RestrictionKind = restriction.Kind;
                facts.ServiceItemNamed = BillsNamedServiceItem(restriction, line, visit, out billedBy);
                if (restriction.Kind == RestrictionKind.Conditions)
                {
                    facts.Conditions = RestrictionConditions.Check(restriction, line);
                }
            }

            var procurement = policy.FindProcurement(code);
            facts.Procurement = procurement.Kind;
            facts.ProcurementPrice = procurement.Price;
            facts.AboveWinningPrice = procurement.Kind == ProcurementMatchKind.Winner && line.UnitPrice > procurement.Price;
            if (policy.TryGetSettlementMedian(facts.CatalogueCode, out var median))
            {
                facts.SettlementMedian = median.Median;
            }
            else if (entry.ValueClass == ValueClass.High && procurement.Kind == ProcurementMatchKind.None)
            {
                facts.NoMedian = policy.NoMedian ?? NoMedianTreatment.ActualPrice;
            }

            // In the province (the hospital's own pooling area or another), the rows of the insured area. An out-of-province
            // patient is priced under this catalogue with the rows of the hospital's area, or, when the line does not give
            // it, of the area the policy names for such patients (none: no row, so the line fails with missing-ratio).
            var ratioArea = facts.AreaInProvince ? line.PoolingArea : line.HospitalArea ?? policy.OutOfProvinceRatioArea;
            if (line.InsuranceType is InsuranceType.Employee or InsuranceType.Resident && ratioArea is { } area)
            {
                var ratio = policy.PreSelfPay.Find(line.InsuranceType, area, facts.Origin, entry.Category, line.UnitPrice);
                facts.RatioStatus = ratio.Status;
                facts.TableRatio = ratio.Ratio;
            }
        }

        return entry;
    }

    /// <summary>
    /// Says whether the line's own service item, or a context line of its visit, is one a restriction names: the one place
    /// a restriction's service items are matched against what was billed (for limitedTo and notTogetherWith alike).
    /// </summary>
    /// <returns><see langword="true"/> when a named service item is billed; <paramref name="billedBy"/> is then the index of the visit's line that bills it, or -1 for the line's own service item.</returns>
    private static bool BillsNamedServiceItem(Restriction restriction, in ChargeLine line, VisitContext? visit, out int billedBy)
    {
        billedBy = -1;
        if (restriction.AllowsServiceItem(line.ServiceItemCode))
        {
            return true;
        }

        if (visit is not null && visit.Bills(restriction, out var index, out _))
        {
            billedBy = index;
            return true;
        }

        return false;
    }

    /// <summary>Finds the policy's default entry for a code its catalogue lists at neither level (kept off the hot path of listed codes).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool UsesDefaultEntry(PolicyVersion policy, decimal unitPrice, ref LineFacts facts, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CatalogueEntry? entry)
    {
        facts.DefaultEntry = policy.TryGetDefaultEntry(unitPrice, out entry);
        return facts.DefaultEntry;
    }

    /// <summary>The trace's note of the restriction that applied: its kind, its text and why it did what it did.</summary>
    private static RuleTraceEntry RestrictionApplied(CatalogueEntry entry, in LineFacts facts)
    {
        var restriction = entry.Restriction!;
        var items = restriction.ServiceItems.IsDefaultOrEmpty ? "none" : string.Join(", ", restriction.ServiceItems);
        var why = restriction.Kind switch
        {
            RestrictionKind.NotTogetherWith => facts.ServiceItemNamed
                ? $"a service item it may not be billed with ({items}) is billed, so the line is fully self-paid"
                : $"none of the service items it may not be billed with ({items}) is billed, so it does not limit payment",
            RestrictionKind.Conditions => facts.Conditions switch
            {
                ConditionsStatus.Met => "the line meets every patient condition stated",
                ConditionsStatus.Unmet => "the line shows a patient condition unmet",
                _ => "the line does not supply every patient condition stated; the hospital's approval (hosp_appr_flag) decides",
            },
            RestrictionKind.Note => "a note: text only, no effect on payment",
            _ => facts.ServiceItemNamed
                ? $"payable within the service items it names ({items}), and one is billed"
                : $"payable within the service items it names ({items}) or with the hospital's approval (hosp_appr_flag 1)",
        };
        return new RuleTraceEntry("restriction/" + PolicyFile.KindName(restriction.Kind), true,
            $"the restriction of {facts.CatalogueCode} 「{restriction.Text}」 is {PolicyFile.KindName(restriction.Kind)}: {why}",
            [new AssertedFact(PricingFacts.RestrictionKind.Name, PlatformTraceFormatter.Words(restriction.Kind))]);
    }

    /// <summary>The trace's note of the visit line whose service item satisfied a restricted entry.</summary>
    private static RuleTraceEntry ServiceItemBilled(in ChargeLine line, CatalogueEntry entry, in LineFacts facts, VisitContext visit, int billedBy)
    {
        visit.Bills(entry.Restriction!, out _, out var item);
        return new RuleTraceEntry("visit/service-item-billed", true, string.Create(CultureInfo.InvariantCulture,
            $"the restriction of {facts.CatalogueCode} names service item {string.Join(", ", entry.Restriction!.ServiceItems)}; line {billedBy + 1} of visit '{line.VisitId}' bills it as med_list_codg {item} (a valid line, net-billed in the visit)"),
            [new AssertedFact(PricingFacts.ServiceItemNamed.Name, "True")]);
    }

    /// <summary>Says whether a code the policy does not list is listed by its fallback (kept off the hot path: only policies naming a fallback get here).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsListedOnlyIn(PolicyVersion fallback, PolicyVersion policy, ConsumableCode code, bool mapRecoded)
    {
        var primary = mapRecoded && policy.TryGetRecoding(code, out var mapped) ? mapped : code;
        if (policy.TryGetEntry(primary, out _))
        {
            return false;
        }

        var secondary = mapRecoded && fallback.TryGetRecoding(code, out var old) ? old : code;
        return fallback.TryGetEntry(secondary, out _) || fallback.DefaultEntry is not null;
    }

    /// <summary>The generic name NHSA's table places a code under, when the policy carries the table.</summary>
    private static GenericName? NhsaName(PolicyVersion? policy, ConsumableCode code) =>
        policy is not null && policy.TryGetGenericName(code, out var name) ? name : null;

    /// <summary>Splits the money: conservation holds by construction, since in-policy-scope is the remainder.</summary>
    private static PricingResult Split(in ChargeLine line, in LineFacts facts, PolicyVersion policy, CatalogueEntry? entry, RuleTrace? trace)
    {
        if (!TrySplit(line, facts, out var amounts))
        {
            return Overflowed(line, facts, policy, trace);
        }

        LinesPriced.Add(1);
        var payable = facts.Coverage == Coverage.Payable;
        return new PricingResult
        {
            Line = line,
            PolicyId = policy.Id,
            PricedCode = facts.Code,
            PriceBasis = facts.Basis,
            Entry = entry,
            NhsaGenericName = NhsaName(policy, facts.Code),
            Category = facts.Listed ? facts.Category : null,
            IsRestricted = facts.Restricted,
            Warnings = facts.Warnings,
            Errors = [],
            Total = amounts.Total,
            FullySelfPaid = payable ? Money.ZeroAmount : amounts.Total,
            EffectiveLimit = amounts.Limit,
            SelfPayRatio = amounts.Ratio,
            OverLimit = amounts.OverLimit,
            PreSelfPay = amounts.PreSelfPay,
            InPolicyScope = payable ? amounts.Total - amounts.OverLimit - amounts.PreSelfPay : Money.ZeroAmount,
            Trace = trace,
        };
    }

    /// <summary>
    /// The arithmetic of the split, apart from building the result: a handler for the (rare) overflow in the same
    /// method as the result would keep the whole result on the stack frame.
    /// </summary>
    private static bool TrySplit(in ChargeLine line, in LineFacts facts, out SplitAmounts amounts)
    {
        try
        {
            var total = Money.RoundToFen(line.UnitPrice * line.Quantity);
            if (!PlatformWidth.Amount.Fits(total))
            {
                // Beyond 16,2 the platform cannot take the amount; below it every product below is exact (PlatformWidth).
                amounts = default;
                return false;
            }

            if (facts.Coverage != Coverage.Payable)
            {
                amounts = new SplitAmounts(total, Money.ZeroLimit, Money.AsRatio(1m), Money.ZeroAmount, Money.ZeroAmount);
                return true;
            }

            var allowed = Math.Min(line.UnitPrice, facts.Limit);
            var overLimit = Money.RoundToFen((line.UnitPrice - allowed) * line.Quantity);
            amounts = new SplitAmounts(total, Money.AsLimit(facts.Limit), Money.AsRatio(facts.Ratio), overLimit, Money.RoundToFen((total - overLimit) * facts.Ratio));
            return true;
        }
        catch (OverflowException)
        {
            amounts = default;
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PricingResult Overflowed(in ChargeLine line, in LineFacts facts, PolicyVersion policy, RuleTrace? trace)
    {
        var error = new PricingError(PricingErrorCode.AmountOverflow, FieldNames.Quantity,
            FormattableString.Invariant($"cnt {line.Quantity} × pric {line.UnitPrice} gives a total beyond the platform's amount width {PlatformWidth.Amount.Describe()}."));
        LinesFailed.Add(1, new KeyValuePair<string, object?>("error", error.CodeName));
        return new PricingResult { Line = line, PolicyId = policy.Id, PricedCode = facts.Code, Errors = [error], Trace = trace };
    }

    /// <summary>The money of one line: total, effective limit, ratio, over-limit and pre-self-pay amounts.</summary>
    private readonly record struct SplitAmounts(decimal Total, decimal Limit, decimal Ratio, decimal OverLimit, decimal PreSelfPay);

    /// <summary>One immutable snapshot of what the pricer prices under.</summary>
    private sealed class State
    {
        private readonly Dictionary<string, PolicyVersion> _byId;

        private State(PolicyTimeline timeline, CompiledRuleSet<LineFacts> rules, bool mapRecoded, bool tracing, ILineRuleEngine? engine, IVisitRules? visitRules, HospitalCodeMap? hospitalCodes, int maxUserRuleFirings)
        {
            MaxUserRuleFirings = maxUserRuleFirings;
            LineAloneRules = visitRules is { MatchesLineAlone: true } ? visitRules : null;
            Timeline = timeline;
            Rules = rules;
            MapRecodedCodes = mapRecoded;
            Tracing = tracing;
            HospitalCodes = hospitalCodes;
            _byId = timeline.Versions.ToDictionary(static v => v.Id, StringComparer.Ordinal);
            Engine = engine;
            VisitRules = visitRules;
        }

        internal HospitalCodeMap? HospitalCodes { get; }

        /// <summary>Finds the loaded fallback policy a policy names, or null.</summary>
        internal PolicyVersion? Fallback(PolicyVersion policy) =>
            policy.FallbackPolicyId is { } id && _byId.TryGetValue(id, out var fallback) ? fallback : null;

        internal PolicyTimeline Timeline { get; }

        internal CompiledRuleSet<LineFacts> Rules { get; }

        internal bool MapRecodedCodes { get; }

        internal bool Tracing { get; }

        /// <summary>Gets the other engine running <see cref="Rules"/> (NRules), or <see langword="null"/> for the compiled engine.</summary>
        internal ILineRuleEngine? Engine { get; }

        /// <summary>Gets users' rules, or <see langword="null"/> when none are registered (the stage is skipped).</summary>
        internal IVisitRules? VisitRules { get; }

        /// <summary>Gets users' rules when one of them may match a line priced on its own, else <see langword="null"/> (such a line skips the stage).</summary>
        internal IVisitRules? LineAloneRules { get; }

        /// <summary>Gets the most firings of users' rules a visit may make.</summary>
        internal int MaxUserRuleFirings { get; }

        internal static State Build(ConsumablesRulesOptions options, ILogger logger, bool reuse = true)
        {
            ArgumentNullException.ThrowIfNull(options);
            return Build(PolicySources.Load(options, reuse), options, logger);
        }

        internal static State Build(PolicyTimeline timeline, ConsumablesRulesOptions options, ILogger logger)
        {
            var started = Stopwatch.GetTimestamp();
            var notListedIsError = options.NotListed == NotListedTreatment.Error;
            CompiledRuleSet<LineFacts> rules;
            if (options.ConfigureRules is null)
            {
                rules = notListedIsError ? PricingRules.Default : PricingRules.NotListedAsSelfPay;
            }
            else
            {
                var builder = PricingRules.CreateBuilder(notListedIsError: notListedIsError);
                options.ConfigureRules(builder);
                rules = PricingRules.WithGeneratedCode(builder.Compile());
            }

            if (logger.IsEnabled(LogLevel.Information))
            {
                Log.RulesCompiled(logger, rules.Name, rules.Version, rules.Rules.Count, rules.IsPrecompiled ? "generated code" : "interpreted",
                    (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }


            ILineRuleEngine? engine = null;
            if (options.Engine == PricingEngine.NRules)
            {
                engine = (options.NRulesEngine ?? throw new InvalidOperationException(NRulesNotRegistered))(rules);
            }

            var visitRules = options.VisitRules is { HasRules: true } registered ? registered : null;
            return new State(timeline, rules, options.MapRecodedCodes, options.Tracing, engine, visitRules, LoadHospitalCodes(options),
                options.MaxUserRuleFirings >= 1 ? options.MaxUserRuleFirings : throw new ArgumentOutOfRangeException(nameof(options), options.MaxUserRuleFirings,
                    "MaxUserRuleFirings: users' rules need at least 1 firing a visit."));
        }

        /// <summary>Merges the mapping table given in code with the mapping-table files (a code mapped twice to different codes is an error).</summary>
        private static HospitalCodeMap? LoadHospitalCodes(ConsumablesRulesOptions options)
        {
            if (options.MappingTableFiles.Count == 0)
            {
                return options.HospitalCodes;
            }

            var pairs = new List<KeyValuePair<string, ConsumableCode>>();
            foreach (var table in options.MappingTableFiles.Select(HospitalCodeMap.LoadFile).Prepend(options.HospitalCodes ?? HospitalCodeMap.Empty))
            {
                pairs.AddRange(table.Pairs);
            }

            try
            {
                return HospitalCodeMap.Create(pairs);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException("The mapping tables disagree: " + ex.Message, ex);
            }
        }
    }
}
