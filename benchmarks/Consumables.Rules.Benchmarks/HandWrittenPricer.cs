using Consumables.Rules.Catalogue;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Benchmarks;

/// <summary>The split of DESIGN §4 written as one straight C# function over the same policy data: the baseline the engine is measured against.</summary>
internal static class HandWrittenPricer
{
    internal readonly record struct Split(decimal Total, decimal FullySelfPaid, decimal OverLimit, decimal PreSelfPay, decimal InPolicyScope, PriceBasis Basis, PricingErrorCode Error);

    internal static Split Price(PolicyTimeline timeline, in ChargeLine line)
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
            return new Split(total, total, 0m, 0m, 0m, PriceBasis.SelfPay, 0);
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
        return new Split(total, 0m, overLimit, preSelfPay, total - overLimit - preSelfPay, basis, 0);
    }

    private static decimal Round(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);

    private static Split Fail(PricingErrorCode error) => new(0m, 0m, 0m, 0m, 0m, PriceBasis.None, error);
}
