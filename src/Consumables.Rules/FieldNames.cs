namespace Consumables.Rules;

/// <summary>The insurance platform's field names (its settlement-detail interface), used in errors, JSON and CSV.</summary>
public static class FieldNames
{
    /// <summary>Line serial number.</summary>
    public const string SerialNumber = "feedetl_sn";

    /// <summary>Consumable code.</summary>
    public const string Code = "med_list_codg";

    /// <summary>Quantity.</summary>
    public const string Quantity = "cnt";

    /// <summary>Unit price.</summary>
    public const string UnitPrice = "pric";

    /// <summary>Service time.</summary>
    public const string ServiceTime = "fee_ocur_time";

    /// <summary>Insurance type.</summary>
    public const string InsuranceType = "insutype";

    /// <summary>Pooling area.</summary>
    public const string PoolingArea = "insuplc_admdvs";

    /// <summary>Origin.</summary>
    public const string Origin = "prodplac_type";

    /// <summary>Hospital approval flag.</summary>
    public const string HospitalApproval = "hosp_appr_flag";

    /// <summary>Medical service item code the consumable was used in: the library's own input field (the platform's fee detail has none; a visit's context lines carry the service items it bills).</summary>
    public const string ServiceItemCode = "service_item_code";

    /// <summary>Visit id (<c>mdtrt_id</c>).</summary>
    public const string VisitId = "mdtrt_id";

    /// <summary>The hospital's own item code (<c>medins_list_codg</c>).</summary>
    public const string HospitalItemCode = "medins_list_codg";

    /// <summary>Medical type (<c>med_type</c>).</summary>
    public const string MedicalType = "med_type";

    /// <summary>The patient's age in whole years (<c>age</c>).</summary>
    public const string PatientAge = "age";

    /// <summary>The patient's diagnosis code, ICD-10 (<c>diag_code</c>).</summary>
    public const string DiagnosisCode = "diag_code";
    /// <summary>The serial number of the sale a refund reverses (<c>init_feedetl_sn</c>, 原费用流水号).</summary>
    public const string OriginalSerialNumber = "init_feedetl_sn";

    /// <summary>The hospital's area (<c>mdtrtarea_admvs</c>, 就医地医保区划).</summary>
    public const string HospitalArea = "mdtrtarea_admvs";

    /// <summary>Total (<c>det_item_fee_sumamt</c>).</summary>
    public const string Total = "det_item_fee_sumamt";

    /// <summary>Effective limit, 6 decimals (<c>pric_uplmt_amt</c>).</summary>
    public const string EffectiveLimit = "pric_uplmt_amt";

    /// <summary>Pre-self-pay ratio, 4 decimals (<c>selfpay_prop</c>).</summary>
    public const string SelfPayRatio = "selfpay_prop";

    /// <summary>Fully self-paid amount (<c>fulamt_ownpay_amt</c>).</summary>
    public const string FullySelfPaid = "fulamt_ownpay_amt";

    /// <summary>Over-limit amount (<c>overlmt_amt</c>).</summary>
    public const string OverLimit = "overlmt_amt";

    /// <summary>Pre-self-pay amount (<c>preselfpay_amt</c>).</summary>
    public const string PreSelfPay = "preselfpay_amt";

    /// <summary>In-policy-scope amount (<c>inscp_scp_amt</c>).</summary>
    public const string InPolicyScope = "inscp_scp_amt";

    /// <summary>Charge item level: 01 A, 02 B, 03 C (<c>chrgitm_lv</c>).</summary>
    public const string ChargeItemLevel = "chrgitm_lv";

    /// <summary>Medical charge item type, 08 for medical materials (<c>med_chrgitm_type</c>); an input field too: two digits, any other two-digit type a context line.</summary>
    public const string ChargeItemType = "med_chrgitm_type";

    /// <summary>Restricted-use flag, 1 when restricted (<c>lmt_used_flag</c>).</summary>
    public const string RestrictedFlag = "lmt_used_flag";
}
