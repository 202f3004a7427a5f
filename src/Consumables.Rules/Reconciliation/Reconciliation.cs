using System.Globalization;
using Consumables.Rules.Pricing;

namespace Consumables.Rules;

/// <summary>
/// Holds the split the insurance platform returned for each line (interface 2301's output) against the rules, field by
/// field, and names the cause of every difference: <c>total</c>, <c>category</c>, <c>limit</c>, <c>ratio</c>,
/// <c>rounding</c>, <c>unknown</c> or <c>unexplained</c>. A differing line carries the rules' trace.
/// </summary>
/// <remarks>
/// <para>
/// Amounts are compared exactly to the fen, <c>selfpay_prop</c> at 4 decimals and <c>pric_uplmt_amt</c> at 6. A cause is
/// never guessed: the split is recomputed with the platform's own total, then its category (<c>chrgitm_lv</c>), its
/// limit and its ratio, one after the other, and a field takes the cause of the first step that reproduces the platform's
/// figure; a difference of one fen left over (at most one fen per rounding the field depends on) is <c>rounding</c> only
/// when half-even rounding or another order of rounding reproduces it exactly. What nothing reproduces is <c>unexplained</c>.
/// </para>
/// <para>Thread-safe when the pricer is: it holds nothing but the pricer. Prices through <see cref="IConsumablePricer"/>, so it reconciles against whatever rules and policies the pricer uses.</para>
/// </remarks>
public sealed class Reconciliation
{
    private static readonly string[] AmountFields =
        [FieldNames.Total, FieldNames.FullySelfPaid, FieldNames.OverLimit, FieldNames.PreSelfPay, FieldNames.InPolicyScope];

    /// <summary>How a reconciliation shows the platform's no-limit sentinel.</summary>
    private const string NoLimitText = "999999 (no limit)";

    private readonly IConsumablePricer _pricer;

    /// <summary>Initializes a new instance of the <see cref="Reconciliation"/> class over a pricer.</summary>
    /// <param name="pricer">The pricer whose rules and policies the platform's answers are held against.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pricer"/> is <see langword="null"/>.</exception>
    public Reconciliation(IConsumablePricer pricer)
    {
        ArgumentNullException.ThrowIfNull(pricer);
        _pricer = pricer;
    }

    /// <summary>Reads a raw line and the platform's returned fields, then reconciles them; a bad field becomes a typed error, never an exception.</summary>
    /// <param name="line">The charge line as sent.</param>
    /// <param name="returnedFields">The platform's returned fields under its names (other names are ignored).</param>
    /// <returns>The reconciliation; status <see cref="ReconciliationStatus.Error"/> with every bad field when one could not be read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> or <paramref name="returnedFields"/> is <see langword="null"/>.</exception>
    public LineReconciliation Reconcile(RawChargeLine line, IEnumerable<KeyValuePair<string, string?>> returnedFields)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(returnedFields);
        var lineRead = ChargeLine.TryParse(line, out var typed, out var lineErrors);
        var returnedRead = ReturnedSplit.TryRead(returnedFields, out var returned, out var returnedErrors);
        if (lineRead && returnedRead)
        {
            return Reconcile(typed, returned);
        }

        return new LineReconciliation
        {
            Result = new PricingResult { Line = typed, Errors = lineErrors },
            Returned = returned,
            Errors = [.. lineErrors, .. returnedErrors],
        };
    }

    /// <summary>Prices a line and holds the result against what the platform returned for it.</summary>
    /// <param name="line">The charge line.</param>
    /// <param name="returned">The platform's returned split.</param>
    /// <returns>Every returned field compared, each difference with its cause; the rules' trace when the line differs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="returned"/> is <see langword="null"/>.</exception>
    public LineReconciliation Reconcile(in ChargeLine line, ReturnedSplit returned)
    {
        ArgumentNullException.ThrowIfNull(returned);
        return Reconcile(line, returned, null);
    }

    /// <summary>
    /// Prices the lines of one visit together (<see cref="IConsumablePricer.PriceVisit"/>: a restricted item is payable when
    /// the visit bills a service item its entry names) and holds each line's result against what the platform returned
    /// for it. A line of another type than consumables (<c>med_chrgitm_type</c> not 08) is context: compared on nothing.
    /// </summary>
    /// <param name="lines">The visit's lines, as sent.</param>
    /// <param name="returned">What the platform returned for each line, in the same order.</param>
    /// <returns>One reconciliation per line, in order; a differing line carries the rules' trace when pricing it alone gives the visit's split.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public IReadOnlyList<LineReconciliation> ReconcileVisit(IReadOnlyList<ChargeLine> lines, IReadOnlyList<ReturnedSplit> returned)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(returned);
        if (lines.Count != returned.Count)
        {
            throw new ArgumentException($"The visit has {lines.Count} line(s) but {returned.Count} returned split(s).", nameof(returned));
        }

        var results = _pricer.PriceVisit(lines);
        var reconciled = new LineReconciliation[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(returned[i]);
            reconciled[i] = results[i].IsContext
                ? new LineReconciliation { Result = results[i], Returned = returned[i] }
                : Reconcile(lines[i], returned[i], results[i]);
        }

        return reconciled;
    }

    private LineReconciliation Reconcile(in ChargeLine line, ReturnedSplit returned, PricingResult? priced)
    {
        if (returned.IsEmpty)
        {
            return new LineReconciliation
            {
                Result = new PricingResult { Line = line, Errors = [] },
                Returned = returned,
                Errors = [new PricingError(PricingErrorCode.InvalidField, FieldNames.Total,
                    "The line carries none of the platform's returned fields (" + string.Join(", ", ReturnedSplit.FieldNamesRead) + "); there is nothing to reconcile.")],
            };
        }

        var ours = priced ?? _pricer.Price(line);
        if (ours.IsPriced && Compare(ours, returned) is var fields && fields.TrueForAll(static f => f.Agrees))
        {
            return new LineReconciliation { Result = ours, Returned = returned, Fields = fields };
        }

        // The trace is the line's own; a line its visit prices otherwise (a service item billed elsewhere) keeps the visit's split.
        var explained = _pricer.Explain(line);
        ours = priced is not { } visit || SameSplit(explained, visit) ? explained : visit;
        if (IsUnknown(ours))
        {
            // A not-listed line is still priced (fully self-paid): a total or rounding difference is explained as for any
            // line; what would need the line to be covered is the policy not knowing the code.
            var reason = ours.IsPriced
                ? "its code is not in the catalogue, so the rules make it fully self-paid (not-listed)"
                : string.Join("; ", ours.Errors.Select(static e => e.ToString()));
            var inferred = ours.IsPriced ? new Inference(this, line, ours, returned).Run() : Compare(ours, returned);
            var unknown = inferred
                .Select(f => f.Agrees || f.Cause is DifferenceCause.Total or DifferenceCause.Rounding
                    ? f
                    : f with { Cause = DifferenceCause.Unknown, Explanation = "The line is unknown to the rules' policy: " + reason + "." })
                .ToList();
            return new LineReconciliation { Result = ours, Returned = returned, Fields = unknown };
        }

        if (!ours.IsPriced)
        {
            return new LineReconciliation { Result = ours, Returned = returned, Errors = ours.Errors };
        }

        return new LineReconciliation { Result = ours, Returned = returned, Fields = new Inference(this, line, ours, returned).Run() };
    }

    private static bool SameSplit(in PricingResult a, in PricingResult b) =>
        a.IsPriced == b.IsPriced && a.Total == b.Total && a.FullySelfPaid == b.FullySelfPaid && a.OverLimit == b.OverLimit
        && a.PreSelfPay == b.PreSelfPay && a.InPolicyScope == b.InPolicyScope && a.EffectiveLimit == b.EffectiveLimit && a.SelfPayRatio == b.SelfPayRatio;

    private static bool IsUnknown(in PricingResult ours) =>
        ours.IsPriced
            ? (ours.Warnings & PricingWarnings.NotListed) != 0
            : ours.Errors.Any(static e => e.Code is PricingErrorCode.NotListed or PricingErrorCode.NoPolicyInForce);

    /// <summary>Compares every returned field with the rules' value, without causes (a differing field gets <see cref="DifferenceCause.Unexplained"/> until inferred).</summary>
    private static List<FieldComparison> Compare(in PricingResult ours, ReturnedSplit theirs)
    {
        var list = new List<FieldComparison>(ReturnedSplit.FieldNamesRead.Count);
        foreach (var field in ReturnedSplit.FieldNamesRead)
        {
            if (field == FieldNames.EffectiveLimit && theirs.NoLimit)
            {
                list.Add(NoLimitComparison(ours));
                continue;
            }

            if (Platform(theirs, field) is not { } platform)
            {
                continue;
            }

            var oursText = ours.IsPriced ? Ours(ours, field) : string.Empty;
            decimal? difference = null;
            if (ours.IsPriced && OursValue(ours, field) is { } value && PlatformValue(theirs, field) is { } theirValue)
            {
                difference = theirValue - value;
            }

            list.Add(new FieldComparison
            {
                Field = field,
                Ours = oursText,
                Platform = platform,
                Difference = difference,
                Cause = string.Equals(oursText, platform, StringComparison.Ordinal) ? null : DifferenceCause.Unexplained,
            });
        }

        return list;
    }

    /// <summary>
    /// Compares the rules' limit with the platform's "no limit" (its sentinel 999999): they agree when the rules' limit does
    /// not bind (the allowed unit price is the price itself) or the line is not payable; else the limit differs.
    /// </summary>
    private static FieldComparison NoLimitComparison(in PricingResult ours)
    {
        var oursText = ours.IsPriced ? Format(Money.RoundToScale(ours.EffectiveLimit, 6), FieldNames.EffectiveLimit) : string.Empty;
        var binds = ours.IsPriced && ours.PriceBasis != PriceBasis.SelfPay && ours.EffectiveLimit < ours.Line.UnitPrice;
        return new FieldComparison
        {
            Field = FieldNames.EffectiveLimit,
            Ours = oursText,
            Platform = NoLimitText,
            Cause = binds ? DifferenceCause.Unexplained : null,
        };
    }

    private static int Scale(string field) => field switch
    {
        FieldNames.EffectiveLimit => 6,
        FieldNames.SelfPayRatio => 4,
        _ => 2,
    };

    private static string Format(decimal value, string field) =>
        Money.RoundToScale(value, Scale(field)).ToString("F" + Scale(field).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static decimal? OursValue(in PricingResult r, string field) => field switch
    {
        FieldNames.Total => r.Total,
        FieldNames.FullySelfPaid => r.FullySelfPaid,
        FieldNames.OverLimit => r.OverLimit,
        FieldNames.PreSelfPay => r.PreSelfPay,
        FieldNames.InPolicyScope => r.InPolicyScope,
        FieldNames.EffectiveLimit => Money.RoundToScale(r.EffectiveLimit, 6),
        FieldNames.SelfPayRatio => Money.RoundToScale(r.SelfPayRatio, 4),
        _ => null,
    };

    private static decimal? PlatformValue(ReturnedSplit s, string field) => field switch
    {
        FieldNames.Total => s.Total,
        FieldNames.FullySelfPaid => s.FullySelfPaid,
        FieldNames.OverLimit => s.OverLimit,
        FieldNames.PreSelfPay => s.PreSelfPay,
        FieldNames.InPolicyScope => s.InPolicyScope,
        FieldNames.EffectiveLimit => s.EffectiveLimit,
        FieldNames.SelfPayRatio => s.SelfPayRatio,
        _ => null,
    };

    private static string Ours(in PricingResult r, string field) => field switch
    {
        FieldNames.ChargeItemLevel => r.ChargeItemLevel,
        FieldNames.RestrictedFlag => r.IsRestricted ? "1" : "0",
        _ => Format(OursValue(r, field)!.Value, field),
    };

    private static string? Platform(ReturnedSplit s, string field) => field switch
    {
        FieldNames.ChargeItemLevel => s.ChargeItemLevel,
        FieldNames.RestrictedFlag => s.IsRestricted is { } flag ? (flag ? "1" : "0") : null,
        _ => PlatformValue(s, field) is { } value ? Format(value, field) : null,
    };

    private static string F(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>Infers the cause of each difference of one priced line by recomputing the split with the platform's figures, one at a time.</summary>
    private sealed class Inference
    {
        private readonly Reconciliation _owner;
        private readonly ChargeLine _line;
        private readonly PricingResult _ours;
        private readonly ReturnedSplit _theirs;
        private readonly List<FieldComparison> _fields;
        private readonly HashSet<string> _pending;
        private SplitParameters _state;

        internal Inference(Reconciliation owner, in ChargeLine line, in PricingResult ours, ReturnedSplit theirs)
        {
            _owner = owner;
            _line = line;
            _ours = ours;
            _theirs = theirs;
            _fields = Compare(ours, theirs);
            _pending = [.. _fields.Where(static f => !f.Agrees && f.Field != FieldNames.RestrictedFlag).Select(static f => f.Field)];
            _state = new SplitParameters(ours.PriceBasis != PriceBasis.SelfPay, null, ours.EffectiveLimit, ours.SelfPayRatio);
        }

        internal List<FieldComparison> Run()
        {
            TotalStep();
            CategoryStep();
            LimitStep();
            RatioStep();
            RoundingStep();
            foreach (var field in _pending.ToList())
            {
                Set(field, DifferenceCause.Unexplained, F($"No difference of total, category, limit, ratio or rounding reproduces the platform's {Get(field).Platform}; the rules give {Get(field).Ours} ({_owner.DescribeRules(_line, _ours)})."));
            }

            if (_fields.FindIndex(static f => f.Field == FieldNames.RestrictedFlag && !f.Agrees) is var i and >= 0)
            {
                _fields[i] = _fields[i] with
                {
                    Cause = DifferenceCause.Unexplained,
                    Explanation = _ours.IsRestricted
                        ? "The rules' catalogue entry carries a restricted-use condition (lmt_used_flag 1); the platform's does not."
                        : "The platform marks the item restricted (lmt_used_flag 1); the rules' catalogue entry has no restricted-use condition.",
                };
            }

            return _fields;
        }

        private void TotalStep()
        {
            if (_theirs.Total is not { } total || total == _ours.Total)
            {
                return;
            }

            var exact = _line.UnitPrice * _line.Quantity;
            var halfEven = Math.Abs(total - _ours.Total) == 0.01m && Money.RoundToFenHalfEven(exact) == total;
            var cause = halfEven ? DifferenceCause.Rounding : DifferenceCause.Total;
            Set(FieldNames.Total, cause, halfEven
                ? F($"One fen: cnt × pric = {_line.Quantity} × {_line.UnitPrice} = {exact}; half-even rounding gives the platform's {total:F2}, the rules round half away from zero to {_ours.Total:F2}.")
                : F($"The platform's total {total:F2} is not cnt × pric = {_line.Quantity} × {_line.UnitPrice} = {_ours.Total:F2}: it billed another quantity or price."));
            _state = _state with { Total = total };
            Attribute(cause, s => F($"Follows from the platform's total {total:F2} (the rules: {_ours.Total:F2}): recomputed with it, this field is {s}."));
        }

        private void CategoryStep()
        {
            if (_theirs.ChargeItemLevel is not { } level || level == _ours.ChargeItemLevel)
            {
                return;
            }

            var payable = level != "03";
            var wasPayable = _state.Payable;
            _state = _state with
            {
                Payable = payable,
                Limit = payable && !wasPayable ? _theirs.EffectiveLimit ?? _line.UnitPrice : _state.Limit,
                Ratio = payable && !wasPayable ? _theirs.SelfPayRatio ?? 0m : _state.Ratio,
            };
            var rules = F($"the rules' catalogue entry {_ours.PricedCode.CatalogueCode} is {ClassName(_ours.ChargeItemLevel)} ({_ours.ChargeItemLevel})");
            Set(FieldNames.ChargeItemLevel, DifferenceCause.Category, F($"The platform's chrgitm_lv {level} ({ClassName(level)}) differs: {rules}."));
            Attribute(DifferenceCause.Category, s => F($"Follows from the category: as {ClassName(level)} the line is {(payable ? "payable" : "fully self-paid")} and this field is {s}; {rules}."));
        }

        private void LimitStep()
        {
            if (_theirs.NoLimit && _state.Payable && _pending.Contains(FieldNames.EffectiveLimit))
            {
                // The platform applied no limit: recompute with the unit price itself as the limit, which then never binds.
                _state = _state with { Limit = _line.UnitPrice };
                var rulesLimit = DescribeLimit(_ours);
                Set(FieldNames.EffectiveLimit, DifferenceCause.Limit, F($"The platform applies no price limit (pric_uplmt_amt 999999, its sentinel for none); the rules limit the unit price to {rulesLimit}."));
                Attribute(DifferenceCause.Limit, s => F($"Follows from the limit: with no limit the allowed unit price is {_line.UnitPrice} and this field is {s}; the rules used {rulesLimit}."));
                return;
            }

            if (!_state.Payable || _theirs.EffectiveLimit is not { } limit || limit == Money.RoundToScale(_ours.EffectiveLimit, 6))
            {
                return;
            }

            _state = _state with { Limit = limit };
            var rules = DescribeLimit(_ours);
            Set(FieldNames.EffectiveLimit, DifferenceCause.Limit, F($"The platform's pric_uplmt_amt {limit:F6} differs from the rules' {rules}."));
            Attribute(DifferenceCause.Limit, s => F($"Follows from the limit: at the platform's {limit:F6} the allowed unit price is {Math.Min(_line.UnitPrice, limit)} and this field is {s}; the rules used {rules}."));
        }

        private void RatioStep()
        {
            if (!_state.Payable || _theirs.SelfPayRatio is not { } ratio || ratio == Money.RoundToScale(_ours.SelfPayRatio, 4))
            {
                return;
            }

            _state = _state with { Ratio = ratio };
            var rules = _owner.DescribeRatio(_line, _ours);
            Set(FieldNames.SelfPayRatio, DifferenceCause.Ratio, F($"The platform's selfpay_prop {ratio:F4} differs from the rules' {rules}."));
            Attribute(DifferenceCause.Ratio, s => F($"Follows from the ratio: at the platform's {ratio:F4} this field is {s}; the rules used {rules}."));
        }

        private void RoundingStep()
        {
            foreach (var field in AmountFields)
            {
                if (!_pending.Contains(field) || Get(field).Difference is not { } difference || Math.Abs(difference) > RoundingFen(field))
                {
                    continue;
                }

                var platform = PlatformValue(_theirs, field)!.Value;
                foreach (var variant in RoundingVariant.Others)
                {
                    if (variant.TryCompute(_line.Quantity, _line.UnitPrice, _state, out var split) && split.Get(field) == platform)
                    {
                        var exact = Exact(field, split);
                        Set(field, DifferenceCause.Rounding, F($"{(Math.Abs(difference) == 0.01m ? "One fen" : "A few fen")} of rounding: with {variant.Name} this field is {platform:F2}, the platform's figure{(exact.Length > 0 ? " (" + exact + ")" : string.Empty)}; the rules round {RoundingVariant.Standard.Name} and get {Get(field).Ours}."));
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// The most another rounding can move a field: one fen for each rounding it depends on (the total and over-limit
        /// are rounded once; pre-self-pay is rounded from them; in-policy-scope is the remainder of all three).
        /// </summary>
        private static decimal RoundingFen(string field) => field switch
        {
            FieldNames.PreSelfPay => 0.02m,
            FieldNames.InPolicyScope => 0.03m,
            _ => 0.01m,
        };

        /// <summary>The unrounded amount behind a field under the rules' order, so a reader can check the rounding by hand.</summary>
        private string Exact(string field, ReplayedSplit split)
        {
            var allowed = Math.Min(_line.UnitPrice, _state.Limit);
            return field switch
            {
                FieldNames.Total => F($"cnt × pric = {_line.Quantity} × {_line.UnitPrice} = {_line.UnitPrice * _line.Quantity} before rounding"),
                FieldNames.OverLimit when _state.Payable => F($"(pric − allowed) × cnt = ({_line.UnitPrice} − {allowed}) × {_line.Quantity} = {(_line.UnitPrice - allowed) * _line.Quantity} before rounding"),
                FieldNames.PreSelfPay when _state.Payable => F($"(total − over-limit) × ratio = ({split.Total:F2} − {split.OverLimit:F2}) × {_state.Ratio} = {(split.Total - split.OverLimit) * _state.Ratio} before rounding"),
                FieldNames.InPolicyScope when _state.Payable => F($"the remainder total − over-limit − pre-self-pay = {split.Total:F2} − {split.OverLimit:F2} − {split.PreSelfPay:F2}"),
                _ => string.Empty,
            };
        }

        /// <summary>Gives every pending field the recomputed split reproduces the cause of the step just taken.</summary>
        private void Attribute(DifferenceCause cause, Func<string, string> explain)
        {
            if (!RoundingVariant.Standard.TryCompute(_line.Quantity, _line.UnitPrice, _state, out var split))
            {
                return;
            }

            foreach (var field in _pending.ToList())
            {
                if (split.Get(field) is { } value && value == PlatformValue(_theirs, field))
                {
                    Set(field, cause, explain(Format(value, field)));
                }
            }
        }

        private FieldComparison Get(string field) => _fields.Find(f => f.Field == field)!;

        private void Set(string field, DifferenceCause cause, string explanation)
        {
            if (!_pending.Remove(field))
            {
                return;
            }

            var i = _fields.FindIndex(f => f.Field == field);
            _fields[i] = _fields[i] with { Cause = cause, Explanation = explanation };
        }

        private static string ClassName(string level) => level switch
        {
            "01" => "class A",
            "02" => "class B",
            _ => "class C",
        };
    }

    /// <summary>Names the limit the rules used and the rules that set it, from the trace.</summary>
    private static string DescribeLimit(in PricingResult ours)
    {
        string? limitRule = null;
        string? basisRule = null;
        foreach (var entry in ours.Trace?.Entries ?? [])
        {
            if (!entry.Fired)
            {
                continue;
            }

            foreach (var asserted in entry.Asserted)
            {
                if (asserted.Fact == PricingFacts.Basis.Name)
                {
                    basisRule ??= entry.Rule;
                }
                else if (asserted.Fact == PricingFacts.Limit.Name && limitRule is null
                    && decimal.TryParse(asserted.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value == ours.EffectiveLimit)
                {
                    limitRule = entry.Rule;
                }
            }
        }

        return limitRule == basisRule
            ? F($"limit {ours.EffectiveLimit:F6}, set by the price-basis rule {limitRule ?? "(none)"}")
            : F($"limit {ours.EffectiveLimit:F6}, set by rule {limitRule ?? "(none)"} (price basis by rule {basisRule ?? "(none)"})");
    }

    /// <summary>Names the pre-self-pay row the rules used, looked up again in the policy in force.</summary>
    private string DescribeRatio(in ChargeLine line, in PricingResult ours)
    {
        var ratio = F($"ratio {ours.SelfPayRatio:F4}");
        if (ours.PriceBasis == PriceBasis.SelfPay)
        {
            return ratio + " (the line is fully self-paid)";
        }

        if (ours.Category is not { } category || !_pricer.Policies.TryGetVersionFor(line.ServiceDate, out var policy))
        {
            return ratio;
        }

        var origin = line.Origin ?? (policy.TryGetProduct(ours.PricedCode, out var product) ? product.Origin : null);
        var lookup = policy.PreSelfPay.Find(line.InsuranceType, line.PoolingArea, origin, category, line.UnitPrice);
        if (lookup.Status != Policy.RatioLookupStatus.Found || lookup.Ratio != ours.SelfPayRatio)
        {
            return ratio;
        }

        if (lookup.Row is not { } row)
        {
            return ratio + F($" (class {category} with no pre-self-pay row in policy {policy.Id})");
        }

        var band = row.MinUnitPrice is null && row.MaxUnitPrice is null
            ? "any unit price"
            : F($"unit price from {row.MinUnitPrice?.ToString(CultureInfo.InvariantCulture) ?? "0"} to below {row.MaxUnitPrice?.ToString(CultureInfo.InvariantCulture) ?? "any"}");
        var rowOrigin = row.Origin switch
        {
            Catalogue.Origin.Domestic => "domestic",
            Catalogue.Origin.Imported => "imported",
            _ => "any origin",
        };
        return ratio + F($" from the pre-self-pay row of policy {policy.Id}: insutype {(int)row.InsuranceType}, area {row.Area}, {rowOrigin}, class {row.Category}, {band}");
    }

    /// <summary>Summarises the rules' decisions for an unexplained difference: coverage, basis, limit and ratio.</summary>
    private string DescribeRules(in ChargeLine line, in PricingResult ours)
    {
        var fired = ours.Trace?.Entries.Where(static e => e.Fired && e.Asserted.Any(static a => a.Fact == PricingFacts.Coverage.Name)).Select(static e => e.Rule).FirstOrDefault();
        return ours.PriceBasis == PriceBasis.SelfPay
            ? F($"fully self-paid by rule {fired ?? "(none)"}")
            : F($"payable by rule {fired ?? "(none)"}; {DescribeLimit(ours)}; {DescribeRatio(line, ours)}");
    }
}
