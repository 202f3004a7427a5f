using System.Globalization;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Pricing;

/// <summary>
/// A rejection decided by the rules, kept in a result as the few values its message needs; the typed error naming the
/// field and the value is built only when a caller reads <see cref="PricingResult.Errors"/>, so rejecting a line
/// allocates nothing.
/// </summary>
internal readonly struct LineRejection(PricingErrorCode code, PolicyVersion? policy, in LineFacts facts, bool fallbackLoaded)
{
    internal PricingErrorCode Code { get; } = code;

    private PolicyVersion? Policy { get; } = policy;

    private Catalogue.PaymentCategory Category { get; } = facts.Category;

    private Catalogue.Origin? Origin { get; } = facts.Origin;

    private bool AreaInProvince { get; } = facts.AreaInProvince;

    private bool FallbackLoaded { get; } = fallbackLoaded;

    internal PricingError ToError(in ChargeLine line, Codes.ConsumableCode pricedCode) =>
        RejectionMessages.For(Code, line, new LineFacts { Code = pricedCode, CatalogueCode = pricedCode.CatalogueCode, Category = Category, Origin = Origin, AreaInProvince = AreaInProvince }, Policy, FallbackLoaded);
}

/// <summary>Turns a rejection decided by the rules into a typed error naming the field and the value (built only on the error path).</summary>
internal static class RejectionMessages
{
    internal static PricingError For(PricingErrorCode code, in ChargeLine line, in LineFacts facts, PolicyVersion? policy, bool fallbackLoaded)
    {
        var inv = CultureInfo.InvariantCulture;
        return code switch
        {
            PricingErrorCode.NoPolicyInForce => new(code, FieldNames.ServiceTime, string.Create(inv,
                $"No policy version is in force on fee_ocur_time {line.ServiceDate:yyyy-MM-dd}.")),
            PricingErrorCode.DisabledCode => new(code, FieldNames.Code, Disabled(line, facts, policy)),
            PricingErrorCode.UnsupportedInsuranceType => new(code, FieldNames.InsuranceType, string.Create(inv,
                $"insutype '{(int)line.InsuranceType}' is not a basic scheme priced here; expected 310 (employee) or 390 (resident).")),
            PricingErrorCode.AreaOutsideProvince => new(code, FieldNames.PoolingArea, string.Create(inv,
                $"insuplc_admdvs '{line.PoolingArea}' lies outside the province {policy?.Province} of policy '{policy?.Id}'.")),
            PricingErrorCode.ZeroQuantity => new(code, FieldNames.Quantity, "cnt is 0; a charge line needs a non-zero quantity (negative for a refund)."),
            PricingErrorCode.NegativePrice => new(code, FieldNames.UnitPrice, string.Create(inv,
                $"pric '{line.UnitPrice}' is negative; a refund is a negative quantity at the positive price.")),
            PricingErrorCode.MissingRatio when !facts.AreaInProvince && line.HospitalArea is { } hospital => new(code, FieldNames.PoolingArea, string.Create(inv,
                $"insuplc_admdvs '{line.PoolingArea}' lies outside the province of the hospital's area mdtrtarea_admvs {hospital}: an out-of-province patient (异地就医) is priced under policy '{policy?.Id}' with the ratio rows of the hospital's area, and no row applies to insutype {(int)line.InsuranceType}, class {facts.Category}, origin {Origin(facts)}; the ratio is never guessed.")),
            PricingErrorCode.MissingRatio when !facts.AreaInProvince => new(code, FieldNames.PoolingArea, string.Create(inv,
                $"insuplc_admdvs '{line.PoolingArea}' lies outside the province {policy?.Province}: an out-of-province patient (异地就医) is priced under policy '{policy?.Id}' with the ratio rows of the area it names for such patients (outOfProvinceRatioArea: {(policy?.OutOfProvinceRatioArea is { } a ? a.ToString() : "none")}; mdtrtarea_admvs not given), and no row applies to insutype {(int)line.InsuranceType}, class {facts.Category}, origin {Origin(facts)}; the ratio is never guessed.")),
            PricingErrorCode.MissingRatio => new(code, FieldNames.InsuranceType, string.Create(inv,
                $"No pre-self-pay ratio is configured for insutype {(int)line.InsuranceType}, area {line.PoolingArea}, class {facts.Category}, origin {Origin(facts)} in policy '{policy?.Id}'; the ratio must be configured, it is never guessed.")),
            PricingErrorCode.UnknownOrigin => new(code, FieldNames.Origin, string.Create(inv,
                $"The pre-self-pay ratio for area {line.PoolingArea} differs by origin, and the origin of {facts.Code} is unknown; give prodplac_type (1 domestic, 2 imported) or register the product.")),
            PricingErrorCode.NotListed => new(code, FieldNames.Code, NotListed(facts, policy, fallbackLoaded)),
            PricingErrorCode.UnregisteredProduct => new(code, FieldNames.Code, string.Create(inv,
                $"med_list_codg '{facts.Code}' is not registered under catalogue code {facts.CatalogueCode} in policy '{policy?.Id}', whose product registry is complete; a 27-character code may not be swapped for another (不得相互串换).")),
            PricingErrorCode.NoSettlementMedian => new(code, FieldNames.Code, string.Create(inv,
                $"Catalogue code {facts.CatalogueCode} is high-value and outside volume-based procurement, and policy '{policy?.Id}' has no settlement median on file for it; the policy rejects such lines (noMedian: reject{(policy?.NoMedianReason is { } why ? ": " + why : string.Empty)}).")),
            _ => new(code, FieldNames.Code, string.Create(inv, $"The line was rejected ({code}).")),
        };
    }

    private static string NotListed(in LineFacts facts, PolicyVersion? policy, bool fallbackLoaded)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"med_list_codg '{facts.Code}': catalogue code {facts.CatalogueCode} is not in the catalogue of policy '{policy?.Id}'. ");
        const string Clause = "The notice keeps the previous policy for consumables outside the catalogue (「未在此次调整规范范围内的…耗材，可继续按原有政策执行」)";
        return policy?.FallbackPolicyId switch
        {
            null => text + Clause + ", and the policy names no fallback policy to price it: name the previous policy as fallbackPolicy and load it.",
            { } id when fallbackLoaded => text + $"Its fallback policy '{id}' (the previous policy) does not list it either.",
            { } id => text + Clause + $": the previous policy '{id}' applies and is not loaded; load it with --policy.",
        };
    }

    private static string Origin(in LineFacts facts) => facts.Origin?.ToString().ToLowerInvariant() ?? "unknown";

    private static string Disabled(in ChargeLine line, in LineFacts facts, PolicyVersion? policy)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"med_list_codg '{facts.Code}' is disabled by NHSA and cannot be settled");
        return policy is not null && policy.TryGetRecoding(facts.Code, out var replacement) && replacement != facts.Code
            ? text + $"; its replacement is {replacement}."
            : text + (line.Code != facts.Code ? $" (recoded from {line.Code})." : "; no replacement is known.");
    }
}
