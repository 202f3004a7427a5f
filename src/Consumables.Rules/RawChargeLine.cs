using System.Text.Json.Serialization;

namespace Consumables.Rules;

/// <summary>
/// A charge line as a vendor receives it: every field a string under the platform's name. Read it into a
/// <see cref="ChargeLine"/> with <see cref="ChargeLine.TryParse(RawChargeLine, out ChargeLine, out IReadOnlyList{PricingError})"/>,
/// or price it directly; a bad field becomes a typed error naming it.
/// </summary>
/// <remarks>
/// Numbers are read exactly (<c>1200.00</c>, or the exponent form <c>1.2E3</c>) and held to the platform's widths:
/// <c>cnt</c> 16,4 (12 integer digits, 4 decimals) and <c>pric</c> 16,6 (10 and 6); nothing is rounded silently. Dates
/// are <c>yyyy-MM-dd HH:mm:ss</c>, <c>yyyy-MM-dd</c>, <c>yyyy/M/d H:mm[:ss]</c>, <c>yyyy-M-d H:mm[:ss]</c> (either also
/// without time) or <c>yyyyMMdd[HHmmss]</c>. Codes are read strictly: surrounding whitespace is an error.
/// </remarks>
public sealed record RawChargeLine
{
    /// <summary>Gets the line serial number (<c>feedetl_sn</c>).</summary>
    [JsonPropertyName("feedetl_sn")]
    public string? SerialNumber { get; init; }

    /// <summary>Gets the 27-character consumable code (<c>med_list_codg</c>).</summary>
    [JsonPropertyName("med_list_codg")]
    public string? Code { get; init; }

    /// <summary>Gets the quantity (<c>cnt</c>).</summary>
    [JsonPropertyName("cnt")]
    public string? Quantity { get; init; }

    /// <summary>Gets the unit price (<c>pric</c>).</summary>
    [JsonPropertyName("pric")]
    public string? UnitPrice { get; init; }

    /// <summary>Gets the service time (<c>fee_ocur_time</c>).</summary>
    [JsonPropertyName("fee_ocur_time")]
    public string? ServiceTime { get; init; }

    /// <summary>Gets the insurance type code (<c>insutype</c>: 310, 390).</summary>
    [JsonPropertyName("insutype")]
    public string? InsuranceType { get; init; }

    /// <summary>Gets the pooling area (<c>insuplc_admdvs</c>, 6 digits).</summary>
    [JsonPropertyName("insuplc_admdvs")]
    public string? PoolingArea { get; init; }

    /// <summary>Gets the origin (<c>prodplac_type</c>: 1 domestic, 2 imported; empty when unknown).</summary>
    [JsonPropertyName("prodplac_type")]
    public string? Origin { get; init; }

    /// <summary>Gets the hospital approval flag (<c>hosp_appr_flag</c>: 0, 1, 2; empty means 0).</summary>
    [JsonPropertyName("hosp_appr_flag")]
    public string? HospitalApproval { get; init; }

    /// <summary>Gets the medical service item code the consumable was used in (<c>service_item_code</c>: the library's own field, not the platform's).</summary>
    [JsonPropertyName("service_item_code")]
    public string? ServiceItemCode { get; init; }

    /// <summary>Gets the visit id (<c>mdtrt_id</c>).</summary>
    [JsonPropertyName("mdtrt_id")]
    public string? VisitId { get; init; }

    /// <summary>Gets the medical charge item type (<c>med_chrgitm_type</c>: two digits, 08 consumables; any other two-digit type is a context line, anything else an error).</summary>
    [JsonPropertyName("med_chrgitm_type")]
    public string? ChargeItemType { get; init; }

    /// <summary>Gets the hospital's own item code (<c>medins_list_codg</c>), mapped to <c>med_list_codg</c> by a mapping table when that is missing.</summary>
    [JsonPropertyName("medins_list_codg")]
    public string? HospitalItemCode { get; init; }

    /// <summary>Gets the medical type (<c>med_type</c>: the platform's digits, 11 outpatient, 21 inpatient, …).</summary>
    [JsonPropertyName("med_type")]
    public string? MedicalType { get; init; }

    /// <summary>Gets the patient's age in whole years (<c>age</c>, as the platform's person information gives it), for restrictions stating ages.</summary>
    [JsonPropertyName("age")]
    public string? PatientAge { get; init; }

    /// <summary>Gets the patient's diagnosis code (<c>diag_code</c>, ICD-10 as the platform's diagnosis information gives it), for restrictions stating diagnoses.</summary>
    [JsonPropertyName("diag_code")]
    public string? DiagnosisCode { get; init; }
    /// <summary>Gets the serial number of the sale a refund line reverses (<c>init_feedetl_sn</c>, 原费用流水号).</summary>
    [JsonPropertyName("init_feedetl_sn")]
    public string? OriginalSerialNumber { get; init; }

    /// <summary>Gets the hospital's area (<c>mdtrtarea_admvs</c>, 就医地医保区划, 6 digits).</summary>
    [JsonPropertyName("mdtrtarea_admvs")]
    public string? HospitalArea { get; init; }
}
