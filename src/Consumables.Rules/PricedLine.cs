using Consumables.Rules.Catalogue;
using Consumables.Rules.Engine;
using Consumables.Rules.Policy;
using Consumables.Rules.Pricing;

namespace Consumables.Rules;

/// <summary>
/// One line of a visit after the standard pricing decisions and before the split: the fact users' own rules match
/// (for example NRules rule classes from the <c>Consumables.Rules.NRules</c> package), and whose methods are the
/// actions those rules may take. Every action goes through the same split, so every pricing law still holds.
/// </summary>
/// <remarks>
/// The properties show the line as it stands, actions included. A rule engine is not told when an action changes a
/// line: a rule that must see another rule's change has to say so to its engine (in NRules, <c>ctx.Update(line)</c>).
/// Actions on a line the standard rules rejected change nothing. Not thread-safe: a visit is priced on one thread.
/// </remarks>
public sealed class PricedLine
{
    private readonly PricingVisit _visit;
    private LineFacts _facts;
    private List<RuleWarning>? _warnings;
    private PricingError? _error;

    internal PricedLine(PricingVisit visit, int index, in ChargeLine line, in LineFacts facts, PolicyVersion? policy, RuleTrace? trace)
    {
        _visit = visit;
        Index = index;
        Line = line;
        _facts = facts;
        Policy = policy;
        Trace = trace;
    }

    /// <summary>Gets the charge line, as given.</summary>
    public ChargeLine Line { get; }

    /// <summary>Gets the line's position in its visit (0 for the first line).</summary>
    public int Index { get; }

    /// <summary>Gets the id of the policy version the line is priced under, or <see langword="null"/> when none is in force.</summary>
    public string? PolicyId => Policy?.Id;

    /// <summary>Gets the catalogue entry (目录条目) that applies to the line's code — its own, else its generic name's — or <see langword="null"/> when it is not listed.</summary>
    public CatalogueEntry? Entry => Policy is not null && _facts.Listed && Policy.TryGetEntry(_facts.Code, out var entry) ? entry : null;

    /// <summary>Gets the payment category (甲/乙/丙类), or <see langword="null"/> when the code is not listed.</summary>
    public PaymentCategory? Category => _facts.Listed ? _facts.Category : null;

    /// <summary>Gets the value class (高值/低值), or <see langword="null"/> when the code is not listed.</summary>
    public ValueClass? ValueClass => _facts.Listed ? _facts.ValueClass : null;

    /// <summary>Gets the price basis the standard rules chose (<see cref="Rules.PriceBasis.SelfPay"/> once the line is fully self-paid).</summary>
    public PriceBasis PriceBasis => _facts.Basis;

    /// <summary>Gets the effective unit-price limit (<c>pric_uplmt_amt</c>); 0 unless the line is payable.</summary>
    public decimal EffectiveLimit => IsPayable ? _facts.Limit : 0m;

    /// <summary>Gets the pre-self-pay ratio (<c>selfpay_prop</c>); 1 unless the line is payable.</summary>
    public decimal SelfPayRatio => IsPayable ? _facts.Ratio : 1m;

    /// <summary>Gets a value indicating whether the fund pays the line within its limits (not fully self-paid, not rejected).</summary>
    public bool IsPayable => !IsRejected && _facts.Coverage == Coverage.Payable;

    /// <summary>Gets a value indicating whether the line cannot be priced: a standard rule or a user rule rejected it.</summary>
    public bool IsRejected => _facts.Rejection != 0 || _error is not null;

    internal ref LineFacts Facts => ref _facts;

    internal PolicyVersion? Policy { get; }

    internal RuleTrace? Trace { get; }

    internal PricingError? Error => _error;

    internal IReadOnlyList<RuleWarning> Warnings => _warnings ?? (IReadOnlyList<RuleWarning>)[];

    /// <summary>Lowers the line's effective unit-price limit to <paramref name="unitLimit"/> (a lower limit already in force stays).</summary>
    /// <param name="unitLimit">The unit-price limit in yuan; zero or more.</param>
    /// <param name="reason">Why, as the trace shows it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unitLimit"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty.</exception>
    public void ApplyLimit(decimal unitLimit, string reason)
    {
        if (unitLimit < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(unitLimit), unitLimit, FormattableString.Invariant($"ApplyLimit: the unit limit {unitLimit} is negative; a limit is zero or more."));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!IsPayable)
        {
            return;
        }

        if (!PlatformWidth.PriceLimit.Fits(unitLimit))
        {
            Fail(_visit.CurrentRule, FormattableString.Invariant($"ApplyLimit: the unit limit {unitLimit} is beyond the platform's width for {FieldNames.EffectiveLimit}, {PlatformWidth.PriceLimit.Describe()}."));
            return;
        }

        _facts.Limit = Math.Min(_facts.Limit, unitLimit);
        Record(reason, PricingFacts.Limit, _facts.Limit);
    }

    /// <summary>Makes the line fully self-paid (全自费): the whole total goes to <c>fulamt_ownpay_amt</c>.</summary>
    /// <param name="reason">Why, as the trace shows it.</param>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty.</exception>
    public void MakeSelfPaid(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!IsPayable)
        {
            return;
        }

        _facts.Coverage = Coverage.SelfPayByRule;
        _facts.Basis = PriceBasis.SelfPay;
        Record(reason, PricingFacts.Coverage, Coverage.SelfPayByRule);
    }

    /// <summary>Rejects the line with an error of the caller's own code, written as given in every output.</summary>
    /// <param name="code">The error code (for example <c>hospital/needs-approval</c>).</param>
    /// <param name="message">A sentence saying why.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> or <paramref name="message"/> is empty.</exception>
    public void Reject(string code, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (IsRejected)
        {
            return;
        }

        _error = PricingError.Custom(code, FieldNames.Code, message, _visit.CurrentRule);
        Record(message, new AssertedFact(PricingFacts.Rejection.Name, code));
    }

    /// <summary>Adds a warning of the caller's own code to the line.</summary>
    /// <param name="code">The warning code.</param>
    /// <param name="message">A sentence saying why.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> or <paramref name="message"/> is empty.</exception>
    public void Warn(string code, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (IsRejected)
        {
            return;
        }

        (_warnings ??= []).Add(new RuleWarning(code, PricingError.OneLine(message), _visit.CurrentRule));
        Record(message, new AssertedFact(PricingFacts.Warnings.Name, code));
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Line.Code} (line {Index}, {(IsRejected ? "rejected" : IsPayable ? "payable" : "fully self-paid")})");

    /// <summary>
    /// Marks the line as failed by a user rule (it threw, or the visit's rules did not come to rest): a <c>rule-failed</c>
    /// error naming the rule (<see cref="PricingError.Rule"/>), its message on one line; the visit's other lines go on.
    /// </summary>
    internal void Fail(string rule, string message)
    {
        var error = PricingError.RuleFailure(rule, FieldNames.Code, $"rule '{rule}' failed on this line: {message}");
        if (!IsRejected)
        {
            _error = error;
        }

        Trace?.Add(new RuleTraceEntry(rule, false, error.Message, []));
    }

    /// <summary>Records a user rule's action in the trace, the asserted value rendered as the standard rules' trace renders it.</summary>
    private void Record<T>(string reason, Fact<LineFacts, T> fact, T value)
    {
        if (Trace is { } trace)
        {
            Record(reason, new AssertedFact(fact.Name, trace.Formatter.Format(fact, value)));
        }
    }

    private void Record(string reason, AssertedFact asserted) =>
        Trace?.Add(new RuleTraceEntry(_visit.CurrentRule, true, reason, [asserted]));
}

/// <summary>A warning a user rule raised on a line (<see cref="PricedLine.Warn"/>).</summary>
/// <param name="Code">The warning code, as the rule gave it.</param>
/// <param name="Message">The rule's sentence.</param>
/// <param name="Rule">The name of the rule that raised it.</param>
public sealed record RuleWarning(string Code, string Message, string Rule);
