using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Benchmarks;

/// <summary>
/// The split of DESIGN §4 written as one straight C# function over the same policy data, returning the same
/// <see cref="PricingResult"/> the facade returns: the baseline the engine is measured against.
/// </summary>
internal static class HandWrittenPricer
{
    private static readonly PricingError Rejected = new(PricingErrorCode.InvalidField, "line", "rejected");

    internal static PricingResult Price(PolicyTimeline timeline, in ChargeLine line)
    {
        if (!timeline.TryGetVersionFor(line.ServiceDate, out var policy))
        {
            return Fail(PricingErrorCode.NoPolicyInForce);
        }

        var code = line.Code;
        if (policy.TryGetRecoding(code, out var mapped))
        {
            code = mapped;
        }

        Origin? origin = line.Origin;
        if (policy.TryGetProduct(code, out var product))
        {
            if (product.Disabled)
            {
                return Fail(PricingErrorCode.DisabledCode);
            }

            origin ??= product.Origin;
        }

        if (line.InsuranceType is not (InsuranceType.Employee or InsuranceType.Resident))
        {
            return Fail(PricingErrorCode.UnsupportedInsuranceType);
        }

        if (!policy.Province.Contains(line.PoolingArea))
        {
            return Fail(PricingErrorCode.AreaOutsideProvince);
        }

        if (line.Quantity == 0m)
        {
            return Fail(PricingErrorCode.ZeroQuantity);
        }

        if (line.UnitPrice < 0m)
        {
            return Fail(PricingErrorCode.NegativePrice);
        }

        var total = Round(line.UnitPrice * line.Quantity);
        var catalogueCode = code.CatalogueCode;
        if (!policy.TryGetEntry(catalogueCode, out var entry)
            || entry.Category == PaymentCategory.C
            || line.HospitalApproval == HospitalApproval.Rejected
            || (entry.Restriction is { } restriction && !restriction.AllowsServiceItem(line.ServiceItemCode) && line.HospitalApproval != HospitalApproval.Approved))
        {
            return new PricingResult
            {
                Line = line, PolicyId = policy.Id, PricedCode = code, PriceBasis = PriceBasis.SelfPay, Category = entry?.Category,
                IsRestricted = entry?.Restriction is not null, Errors = [], Total = total, FullySelfPaid = total, SelfPayRatio = 1m,
            };
        }

        var limit = policy.ItemCap;
        PriceBasis basis;
        var procurement = policy.FindProcurement(code);
        if (procurement.Kind == ProcurementMatchKind.Winner)
        {
            basis = PriceBasis.ProcurementWinner;
            limit = Math.Min(limit, procurement.Price);
        }
        else if (procurement.Kind == ProcurementMatchKind.GroupMember)
        {
            basis = PriceBasis.ProcurementGroup;
            limit = Math.Min(limit, procurement.Price);
        }
        else if (entry.ValueClass == ValueClass.High && policy.TryGetSettlementMedian(catalogueCode, out var median))
        {
            basis = PriceBasis.SettlementMedian;
            limit = Math.Min(limit, median.Median);
        }
        else
        {
            basis = PriceBasis.ActualPrice;
        }

        if (entry.MaxPaymentLimit is { } max)
        {
            limit = Math.Min(limit, max);
        }

        var ratio = policy.PreSelfPay.Find(line.InsuranceType, line.PoolingArea, origin, entry.Category, line.UnitPrice);
        if (ratio.Status != RatioLookupStatus.Found)
        {
            return Fail(ratio.Status == RatioLookupStatus.NoRow ? PricingErrorCode.MissingRatio : PricingErrorCode.UnknownOrigin);
        }

        var allowed = Math.Min(line.UnitPrice, limit);
        var overLimit = Round((line.UnitPrice - allowed) * line.Quantity);
        var preSelfPay = Round((total - overLimit) * ratio.Ratio);
        return new PricingResult
        {
            Line = line, PolicyId = policy.Id, PricedCode = code, PriceBasis = basis, Category = entry.Category,
            IsRestricted = entry.Restriction is not null, Errors = [], Total = total, EffectiveLimit = limit,
            SelfPayRatio = ratio.Ratio, OverLimit = overLimit, PreSelfPay = preSelfPay, InPolicyScope = total - overLimit - preSelfPay,
        };
    }

    private static decimal Round(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);

    // The error path allocates nothing: one error list per code, made once (the facade builds its message only when read).
    private static readonly IReadOnlyList<PricingError>[] Failures =
        [.. Enumerable.Range(0, (int)PricingErrorCode.RuleFailed + 1).Select(static c => (IReadOnlyList<PricingError>)[Rejected with { Code = (PricingErrorCode)c }])];

    private static PricingResult Fail(PricingErrorCode error) => new() { Errors = Failures[(int)error] };
}
