using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Benchmarks;

/// <summary>
/// The facade's pricing of one line (default options, no visit) written as one straight C# function over the same
/// policy data, returning the same <see cref="PricingResult"/>: the baseline the engine is measured against. It computes
/// what the facade computes: context lines, the platform's widths (cnt 16,4, pric 16,6, amounts 16,2), the fallback
/// policy, recoding, the product registry (its origin wins; unregistered-product and origin-conflict warnings; a
/// complete registry's error), catalogue entries by code or generic name, out-of-province ratio rows (by the hospital's
/// area when given), not-listed codes as an error, a mistyped med_chrgitm_type, a lone refund's refund-unmatched, and the
/// split. The <c>verify</c> command checks that both agree line by line.
/// </summary>
internal static class HandWrittenPricer
{
    internal static PricingResult Price(PolicyTimeline timeline, in ChargeLine line)
    {
        var result = PriceLine(timeline, line);

        // A refund naming its sale, priced alone: its sale is not in the input.
        return line.OriginalSerialNumber is not null && line.Quantity < 0m && !string.IsNullOrWhiteSpace(line.OriginalSerialNumber)
            ? result with { Warnings = result.Warnings | PricingWarnings.RefundUnmatched }
            : result;
    }

    private static PricingResult PriceLine(PolicyTimeline timeline, in ChargeLine line)
    {
        if (line.ChargeItemType is { } type)
        {
            if (line.IsContext)
            {
                return new PricingResult { Line = line, IsContext = true, Errors = [] };
            }

            if (ChargeLine.ReadChargeItemType(type) is null)
            {
                return new PricingResult { Line = line, Errors = OneInvalidField };
            }
        }

        var quantityFits = PlatformWidth.Quantity.Fits(line.Quantity);
        var priceFits = PlatformWidth.UnitPrice.Fits(line.UnitPrice);
        if (!quantityFits || !priceFits)
        {
            return new PricingResult { Line = line, Errors = quantityFits || priceFits ? OneInvalidField : TwoInvalidFields };
        }

        if (!timeline.TryGetVersionFor(line.ServiceDate, out var policy))
        {
            return Fail(line, null, line.Code, null, PricingWarnings.None, PricingErrorCode.NoPolicyInForce);
        }

        var warnings = PricingWarnings.None;
        if (policy.FallbackPolicyId is { } fallbackId && Fallback(timeline, fallbackId) is { } fallback && IsListedOnlyIn(fallback, policy, line.Code))
        {
            policy = fallback;
            warnings = PricingWarnings.FallbackPolicy;
        }

        var code = line.Code;
        if (policy.TryGetRecoding(code, out var mapped))
        {
            code = mapped;
            warnings |= PricingWarnings.Recoded;
        }

        var catalogueCode = code.CatalogueCode;
        var origin = line.Origin;
        var unregistered = false;
        if (!policy.TryGetEntry(catalogueCode, out var entry) && policy.TryGetDefaultEntry(line.UnitPrice, out entry))
        {
            warnings |= PricingWarnings.DefaultEntry;
        }
        if (policy.TryGetProduct(code, out var product))
        {
            if (product.Disabled)
            {
                return Fail(line, policy, code, entry, PricingWarnings.None, PricingErrorCode.DisabledCode);
            }

            // The registry's origin wins over the line's claim.
            if (policy.OriginOf(product) is { } registered)
            {
                if (line.Origin is { } declared && declared != registered)
                {
                    warnings |= PricingWarnings.OriginConflict;
                }

                origin = registered;
            }
        }
        else
        {
            unregistered = policy.HasProductsUnder(catalogueCode);
        }

        if (line.InsuranceType is not (InsuranceType.Employee or InsuranceType.Resident))
        {
            return Fail(line, policy, code, entry, PricingWarnings.None, PricingErrorCode.UnsupportedInsuranceType);
        }

        if (line.Quantity == 0m)
        {
            return Fail(line, policy, code, entry, PricingWarnings.None, PricingErrorCode.ZeroQuantity);
        }

        if (line.UnitPrice < 0m)
        {
            return Fail(line, policy, code, entry, PricingWarnings.None, PricingErrorCode.NegativePrice);
        }

        if (unregistered)
        {
            if (policy.ProductsComplete)
            {
                return Fail(line, policy, code, entry, PricingWarnings.None, PricingErrorCode.UnregisteredProduct);
            }

            warnings |= PricingWarnings.UnregisteredProduct;
        }

        if (entry is null)
        {
            return Fail(line, policy, code, null, warnings, PricingErrorCode.NotListed);
        }

        decimal total;
        try
        {
            total = Money.RoundToFen(line.UnitPrice * line.Quantity);
        }
        catch (OverflowException)
        {
            return Fail(line, policy, code, null, PricingWarnings.None, PricingErrorCode.AmountOverflow);
        }

        var procurement = policy.FindProcurement(code);
        var hasMedian = policy.TryGetSettlementMedian(catalogueCode, out var median);
        var noMedian = entry.ValueClass == ValueClass.High && procurement.Kind == ProcurementMatchKind.None && !hasMedian ? policy.NoMedian ?? NoMedianTreatment.ActualPrice : NoMedianTreatment.ActualPrice;
        var restriction = entry.Restriction;
        var itemBilled = restriction is not null && restriction.AllowsServiceItem(line.ServiceItemCode);
        var restrictedSelfPay = restriction switch
        {
            { Kind: RestrictionKind.LimitedTo } => !itemBilled && line.HospitalApproval != HospitalApproval.Approved,
            { Kind: RestrictionKind.NotTogetherWith } => itemBilled,
            { Kind: RestrictionKind.Conditions } => ConditionsFail(restriction, line.PatientAge, line.DiagnosisCode, line.MedicalType, line.HospitalApproval == HospitalApproval.Approved),
            _ => false,
        };
        var decidedBefore = entry.Category == PaymentCategory.C || line.HospitalApproval == HospitalApproval.Rejected;
        if (!decidedBefore && restriction is { Kind: RestrictionKind.NotTogetherWith } && itemBilled)
        {
            warnings |= PricingWarnings.NotTogetherWith;
        }
        else if (!decidedBefore && !restrictedSelfPay && noMedian == NoMedianTreatment.SelfPay)
        {
            warnings |= PricingWarnings.NoSettlementMedian;
        }

        if (decidedBefore || restrictedSelfPay
            || noMedian == NoMedianTreatment.SelfPay)
        {
            if (!PlatformWidth.Amount.Fits(total))
            {
                return Fail(line, policy, code, null, PricingWarnings.None, PricingErrorCode.AmountOverflow);
            }

            return new PricingResult
            {
                Line = line, PolicyId = policy.Id, PricedCode = code, PriceBasis = PriceBasis.SelfPay, Entry = entry, Category = entry.Category,
                IsRestricted = entry.Restriction is not null, Warnings = warnings, Errors = [], Total = total, FullySelfPaid = total,
                EffectiveLimit = Money.ZeroLimit, SelfPayRatio = Money.AsRatio(1m), OverLimit = Money.ZeroAmount, PreSelfPay = Money.ZeroAmount, InPolicyScope = Money.ZeroAmount,
            };
        }

        if (noMedian == NoMedianTreatment.Reject)
        {
            return Fail(line, policy, code, entry, warnings, PricingErrorCode.NoSettlementMedian);
        }

        var limit = policy.ItemCap;
        PriceBasis basis;
        if (procurement.Kind == ProcurementMatchKind.Winner)
        {
            basis = PriceBasis.ProcurementWinner;
            limit = Math.Min(limit, procurement.Price);
            if (line.UnitPrice > procurement.Price)
            {
                warnings |= PricingWarnings.AboveWinningPrice;
            }
        }
        else if (procurement.Kind == ProcurementMatchKind.GroupMember)
        {
            basis = PriceBasis.ProcurementGroup;
            limit = Math.Min(limit, procurement.Price);
        }
        else if (entry.ValueClass == ValueClass.High)
        {
            if (hasMedian)
            {
                basis = PriceBasis.SettlementMedian;
                limit = Math.Min(limit, median!.Median);
            }
            else
            {
                basis = PriceBasis.ActualPrice;
                warnings |= PricingWarnings.NoSettlementMedian;
            }
        }
        else
        {
            basis = PriceBasis.ActualPrice;
        }

        if (entry.MaxPaymentLimit is { } max)
        {
            limit = Math.Min(limit, max);
        }

        // An out-of-province patient (insured outside the hospital's province) is priced with the ratio rows of the
        // hospital's area, else of the area the policy names for such patients.
        var ratioArea = (line.HospitalArea is { } hospital ? hospital.Province : policy.Province).Contains(line.PoolingArea)
            ? line.PoolingArea
            : line.HospitalArea ?? policy.OutOfProvinceRatioArea;
        if (ratioArea is not { } area)
        {
            return Fail(line, policy, code, entry, warnings, PricingErrorCode.MissingRatio);
        }

        var ratio = policy.PreSelfPay.Find(line.InsuranceType, area, origin, entry.Category, line.UnitPrice);
        if (ratio.Status != RatioLookupStatus.Found)
        {
            return Fail(line, policy, code, entry, warnings, ratio.Status == RatioLookupStatus.NoRow ? PricingErrorCode.MissingRatio : PricingErrorCode.UnknownOrigin);
        }

        if (!PlatformWidth.Amount.Fits(total))
        {
            return Fail(line, policy, code, null, PricingWarnings.None, PricingErrorCode.AmountOverflow);
        }

        var allowed = Math.Min(line.UnitPrice, limit);
        var overLimit = Money.RoundToFen((line.UnitPrice - allowed) * line.Quantity);
        var preSelfPay = Money.RoundToFen((total - overLimit) * ratio.Ratio);
        return new PricingResult
        {
            Line = line, PolicyId = policy.Id, PricedCode = code, PriceBasis = basis, Entry = entry, Category = entry.Category,
            IsRestricted = entry.Restriction is not null, Warnings = warnings, Errors = [], Total = total, EffectiveLimit = Money.AsLimit(limit),
            SelfPayRatio = Money.AsRatio(ratio.Ratio), FullySelfPaid = Money.ZeroAmount, OverLimit = overLimit, PreSelfPay = preSelfPay, InPolicyScope = total - overLimit - preSelfPay,
        };
    }

    /// <summary>Finds the loaded version a policy names as its fallback (a loop: nothing is allocated).</summary>
    private static PolicyVersion? Fallback(PolicyTimeline timeline, string id)
    {
        foreach (var version in timeline.Versions)
        {
            if (string.Equals(version.Id, id, StringComparison.Ordinal))
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>Says whether a code the policy does not list (after recoding) is listed by its fallback (after its recoding).</summary>
    private static bool IsListedOnlyIn(PolicyVersion fallback, PolicyVersion policy, ConsumableCode code) =>
        !policy.TryGetEntry((policy.TryGetRecoding(code, out var mapped) ? mapped : code).CatalogueCode, out _)
        && (fallback.TryGetEntry((fallback.TryGetRecoding(code, out var old) ? old : code).CatalogueCode, out _) || fallback.DefaultEntry is not null);

    /// <summary>Whether a conditions restriction makes the line self-paid: a supplied condition fails, or one is not supplied and the line is not approved.</summary>
    private static bool ConditionsFail(Restriction r, int? patientAge, string? diagnosisCode, MedicalType type, bool approved)
    {
        var age = r.MinAge is null && r.MaxAge is null ? 0 : patientAge is { } a ? (a >= (r.MinAge ?? 0) && a <= (r.MaxAge ?? int.MaxValue) ? 1 : -1) : 2;
        var diagnosis = r.Diagnoses.IsDefaultOrEmpty ? 0 : string.IsNullOrWhiteSpace(diagnosisCode) ? 2
            : r.Diagnoses.Any(d => d.Length > 0 && diagnosisCode.Trim().StartsWith(d, StringComparison.OrdinalIgnoreCase)) ? 1 : -1;
        var medicalType = r.MedicalTypes.IsDefaultOrEmpty ? 0 : type == MedicalType.Unspecified ? 2 : r.MedicalTypes.Contains(type) ? 1 : -1;
        if (age < 0 || diagnosis < 0 || medicalType < 0)
        {
            return true;
        }

        // Met when every stated condition is supplied and holds (1); a condition not supplied (2) leaves it to the approval.
        var met = (age | diagnosis | medicalType) == 1;
        return !met && !approved;
    }

    private static readonly IReadOnlyList<PricingError> OneInvalidField = [new(PricingErrorCode.InvalidField, "line", "beyond the platform's width")];

    private static readonly IReadOnlyList<PricingError> TwoInvalidFields = [OneInvalidField[0], OneInvalidField[0]];

    // The error path allocates nothing: one error list per code, made once (the facade builds its message only when read).
    private static readonly IReadOnlyList<PricingError>[] Failures =
        [.. Enumerable.Range(0, (int)Enum.GetValues<PricingErrorCode>().Max() + 1).Select(static c => (IReadOnlyList<PricingError>)[new PricingError((PricingErrorCode)c, "line", "rejected")])];

    private static PricingResult Fail(in ChargeLine line, PolicyVersion? policy, ConsumableCode code, CatalogueEntry? entry, PricingWarnings warnings, PricingErrorCode error) =>
        new() { Line = line, PolicyId = policy?.Id, PricedCode = code, Entry = entry, Warnings = warnings, Errors = Failures[(int)error] };
}
