using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules;

/// <summary>
/// One consumable charge line (费用明细) to price, with typed values. Build it with <see cref="Create"/> from typed values,
/// or with <see cref="TryParse(RawChargeLine, out ChargeLine, out IReadOnlyList{PricingError})"/> from the raw strings a
/// vendor receives under the platform's field names.
/// </summary>
/// <remarks>
/// An immutable value. Its values are not judged here: a zero quantity, a negative price or an unsupported insurance
/// type is rejected by the pricing rules with a typed error, so every line comes back with its explanation.
/// </remarks>
public readonly record struct ChargeLine
{
    private readonly AdministrativeDivision _hospitalArea;

    /// <summary>Gets the vendor's line serial number (<c>feedetl_sn</c>), echoed in results; optional.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>Gets the 27-character consumable code (<c>med_list_codg</c>).</summary>
    public ConsumableCode Code { get; init; }

    /// <summary>Gets the quantity (<c>cnt</c>); negative for a refund line.</summary>
    public decimal Quantity { get; init; }

    /// <summary>Gets the actual unit price in yuan (<c>pric</c>).</summary>
    public decimal UnitPrice { get; init; }

    /// <summary>Gets the service date (the date part of <c>fee_ocur_time</c>), which chooses the policy version.</summary>
    public DateOnly ServiceDate { get; init; }

    /// <summary>Gets the insurance type (<c>insutype</c>).</summary>
    public InsuranceType InsuranceType { get; init; }

    /// <summary>Gets the pooling area (<c>insuplc_admdvs</c>).</summary>
    public AdministrativeDivision PoolingArea { get; init; }

    /// <summary>Gets the origin when the vendor knows it (<c>prodplac_type</c>); otherwise the product registry decides.</summary>
    public Origin? Origin { get; init; }

    /// <summary>Gets the hospital approval flag (<c>hosp_appr_flag</c>).</summary>
    public HospitalApproval HospitalApproval { get; init; }

    /// <summary>Gets the medical service item code the consumable was used in (<c>service_item_code</c>), if known.</summary>
    public string? ServiceItemCode { get; init; }

    /// <summary>Gets the visit the line belongs to (<c>mdtrt_id</c>, 就诊ID), if given; the lines of one visit are priced together.</summary>
    public string? VisitId { get; init; }

    /// <summary>
    /// Gets the medical charge item type (<c>med_chrgitm_type</c>, 医疗收费项目类别): <see langword="null"/> or <c>08</c>
    /// (卫生材料费) for a consumable; any other two-digit type makes the line a context line (<see cref="IsContext"/>).
    /// The platform's codes are two digits: surrounding spaces are dropped and full-width digits read as digits
    /// (<c>" 08"</c>, <c>"０８"</c>); anything else (<c>8</c>, <c>008</c>, <c>卫生材料费</c>) is an <c>invalid-field</c> error
    /// on the line, never a silent context line.
    /// </summary>
    public string? ChargeItemType { get; init; }

    /// <summary>Gets the list code of a context line as given (<c>med_list_codg</c>: a service item or drug code); <see langword="null"/> for a consumable line.</summary>
    public string? ContextCode { get; init; }

    /// <summary>Gets the hospital's own item code (<c>medins_list_codg</c>, 医药机构目录编码), if given.</summary>
    public string? HospitalItemCode { get; init; }

    /// <summary>Gets the medical type of the visit (<c>med_type</c>, 医疗类别: 11 outpatient, 21 inpatient, …), or <see cref="Rules.MedicalType.Unspecified"/>.</summary>
    public MedicalType MedicalType { get; init; }

    /// <summary>Gets the patient's age in whole years, if the caller supplies it; a conditions restriction (限定患者年龄) checks it.</summary>
    public int? PatientAge { get; init; }

    /// <summary>Gets the patient's diagnosis code (ICD-10, such as <c>H90.3</c>), if the caller supplies it; a conditions restriction (限定诊断) checks its prefix.</summary>
    public string? DiagnosisCode { get; init; }

    /// <summary>
    /// Gets the serial number of the sale this refund line reverses (<c>init_feedetl_sn</c>, 原费用流水号): the sale's
    /// <c>feedetl_sn</c>, or <see langword="null"/>. A refund whose sale is priced in the same batch or visit is priced
    /// as the exact mirror of the sale's split, under the sale's policy version; one whose sale is not there is priced
    /// on its own date with the warning <c>refund-unmatched</c> (pass the sale with
    /// <see cref="ConsumablePricerRefunds.PriceRefund(IConsumablePricer, in ChargeLine, in PricingResult)"/> or its date with
    /// <see cref="ConsumablePricerRefunds.PriceRefund(IConsumablePricer, in ChargeLine, DateOnly)"/>).
    /// </summary>
    public string? OriginalSerialNumber { get; init; }

    /// <summary>
    /// Gets the hospital's area (<c>mdtrtarea_admvs</c>, 就医地医保区划), if given. A line is out of province (异地就医)
    /// when its insured area (<see cref="PoolingArea"/>) lies in another province than this area — than the policy's
    /// province when this is not given.
    /// </summary>
    public AdministrativeDivision? HospitalArea
    {
        // Held without the nullable's flag (000000 is no division), so the line, copied into every result, stays as small.
        get => _hospitalArea == default ? null : _hospitalArea;
        init => _hospitalArea = value ?? default;
    }

    /// <summary>
    /// Gets a value indicating whether the line is a context line: a service item, a drug or any fee whose
    /// <c>med_chrgitm_type</c> is a two-digit type other than <c>08</c>. A context line is not priced; it tells its visit
    /// what was billed.
    /// </summary>
    public bool IsContext => ChargeItemType is { } type && ReadChargeItemType(type) is { Length: 2 } code && !IsConsumableType(code);

    /// <summary>The platform's medical charge item type of consumables (<c>08</c>, 卫生材料费).</summary>
    internal const string ConsumableChargeItemType = "08";

    internal static bool IsConsumableType(string type) => type.Length == 0 || string.Equals(type, ConsumableChargeItemType, StringComparison.Ordinal);

    /// <summary>
    /// Reads <c>med_chrgitm_type</c> the one way every path reads it: surrounding spaces dropped, full-width digits
    /// (U+FF10–U+FF19) read as ASCII digits. Allocates only when a value had to be changed.
    /// </summary>
    /// <returns>The two ASCII digits; empty for a blank value (a consumable); <see langword="null"/> for anything else.</returns>
    internal static string? ReadChargeItemType(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return string.Empty;
        }

        if (span.Length != 2)
        {
            return null;
        }

        Span<char> digits = stackalloc char[2];
        for (var i = 0; i < 2; i++)
        {
            var c = span[i];
            digits[i] = c is >= '\uFF10' and <= '\uFF19' ? (char)(c - '\uFF10' + '0') : c;
            if (!char.IsAsciiDigit(digits[i]))
            {
                return null;
            }
        }

        return text.Length == 2 && span.SequenceEqual(digits) ? text : new string(digits);
    }

    /// <summary>Creates a consumable line from typed values, parsing the code and the pooling area strictly.</summary>
    /// <param name="code">The 27-character consumable code.</param>
    /// <param name="quantity">The quantity; negative for a refund.</param>
    /// <param name="unitPrice">The actual unit price in yuan.</param>
    /// <param name="serviceDate">The service date.</param>
    /// <param name="insuranceType">The insurance type.</param>
    /// <param name="poolingArea">The 6-digit pooling area.</param>
    /// <param name="origin">The origin, when known.</param>
    /// <param name="hospitalApproval">The hospital approval flag.</param>
    /// <param name="serviceItemCode">The medical service item code, when known.</param>
    /// <param name="serialNumber">The vendor's line serial number.</param>
    /// <param name="visitId">The visit (<c>mdtrt_id</c>, 就诊ID) the line belongs to, when known.</param>
    /// <param name="medicalType">The visit's medical type (<c>med_type</c>, 医疗类别).</param>
    /// <param name="chargeItemType">The medical charge item type (<c>med_chrgitm_type</c>): <see langword="null"/> or <c>08</c> (卫生材料费); a service item or a drug is built with <see cref="ServiceItem"/>.</param>
    /// <returns>The line.</returns>
    /// <exception cref="CodeFormatException"><paramref name="code"/> is not a valid 27-character code.</exception>
    /// <exception cref="FormatException"><paramref name="poolingArea"/> is not a 6-digit administrative division.</exception>
    /// <exception cref="ArgumentException"><paramref name="chargeItemType"/> is not the consumable type <c>08</c>.</exception>
    public static ChargeLine Create(
        string code,
        decimal quantity,
        decimal unitPrice,
        DateOnly serviceDate,
        InsuranceType insuranceType,
        string poolingArea,
        Origin? origin = null,
        HospitalApproval hospitalApproval = HospitalApproval.None,
        string? serviceItemCode = null,
        string? serialNumber = null,
        string? visitId = null,
        MedicalType medicalType = MedicalType.Unspecified,
        string? chargeItemType = null)
    {
        if (chargeItemType is not null && !IsConsumableType(chargeItemType))
        {
            throw new ArgumentException($"med_chrgitm_type '{chargeItemType}' is not a consumable ({ConsumableChargeItemType}); build a service item or a drug line with ChargeLine.ServiceItem.", nameof(chargeItemType));
        }

        return new()
        {
            SerialNumber = serialNumber,
            Code = ConsumableCode.Parse(code),
            Quantity = quantity,
            UnitPrice = unitPrice,
            ServiceDate = serviceDate,
            InsuranceType = insuranceType,
            PoolingArea = AdministrativeDivision.Parse(poolingArea),
            Origin = origin,
            HospitalApproval = hospitalApproval,
            ServiceItemCode = serviceItemCode,
            VisitId = visitId,
            MedicalType = medicalType,
            ChargeItemType = chargeItemType,
        };
    }

    /// <summary>
    /// Creates a context line: a medical service item (a surgery, 医疗服务项目), a drug or any fee that is not a
    /// consumable. It is not priced; it tells its visit what was billed, so a restricted consumable whose named service
    /// item the visit bills becomes payable (限定支付). Price it with the visit's consumable lines
    /// (<see cref="IConsumablePricer.PriceVisit"/>).
    /// </summary>
    /// <param name="code">The item's list code as the platform knows it (<c>med_list_codg</c>, e.g. <c>331501001</c>); any form, it is not a consumable code.</param>
    /// <param name="quantity">The quantity.</param>
    /// <param name="unitPrice">The unit price in yuan.</param>
    /// <param name="serviceDate">The service date.</param>
    /// <param name="visitId">The visit (<c>mdtrt_id</c>) the line belongs to, or <see langword="null"/>.</param>
    /// <param name="chargeItemType">The medical charge item type (<c>med_chrgitm_type</c>): <c>06</c> (手术费, surgery) by default; anything but <c>08</c>.</param>
    /// <param name="insuranceType">The insurance type, when known; the lines of one visit must agree on it.</param>
    /// <param name="poolingArea">The 6-digit pooling area, when known; the lines of one visit must agree on it.</param>
    /// <param name="serialNumber">The vendor's line serial number.</param>
    /// <param name="medicalType">The visit's medical type (<c>med_type</c>).</param>
    /// <returns>The context line (<see cref="IsContext"/> is <see langword="true"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="code"/> is empty, or <paramref name="chargeItemType"/> is empty or the consumable type <c>08</c>.</exception>
    /// <exception cref="FormatException"><paramref name="poolingArea"/> is given and is not a 6-digit administrative division.</exception>
    public static ChargeLine ServiceItem(
        string code,
        decimal quantity,
        decimal unitPrice,
        DateOnly serviceDate,
        string? visitId,
        string chargeItemType = "06",
        InsuranceType insuranceType = default,
        string? poolingArea = null,
        string? serialNumber = null,
        MedicalType medicalType = MedicalType.Unspecified)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(chargeItemType);
        if (IsConsumableType(chargeItemType))
        {
            throw new ArgumentException($"med_chrgitm_type '{chargeItemType}' is a consumable's; build a consumable line with ChargeLine.Create.", nameof(chargeItemType));
        }

        return new()
        {
            SerialNumber = serialNumber,
            ContextCode = code,
            Quantity = quantity,
            UnitPrice = unitPrice,
            ServiceDate = serviceDate,
            InsuranceType = insuranceType,
            PoolingArea = poolingArea is null ? default : AdministrativeDivision.Parse(poolingArea),
            VisitId = visitId,
            ChargeItemType = chargeItemType,
            MedicalType = medicalType,
        };
    }

    /// <summary>
    /// Returns the line in one line of text, dates in ISO form and numbers invariant:
    /// <c>C03111608002007064100000001 × 2 at 1200.00 on 2026-03-01 (insutype 310, area 141100)</c>; a context line starts
    /// with its <c>med_chrgitm_type</c> (<c>06 331501001 × 1 …</c>).
    /// </summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.Append(IsContext ? $"{ChargeItemType} {ContextCode}" : Code.ToString())
            .Append(inv, $" × {Quantity} at {UnitPrice} on {ServiceDate:yyyy-MM-dd} (insutype {(int)InsuranceType}, area {PoolingArea}");
        if (Origin is { } origin)
        {
            text.Append(inv, $", origin {origin}");
        }

        if (ServiceItemCode is not null)
        {
            text.Append(inv, $", service item {ServiceItemCode}");
        }

        if (VisitId is not null)
        {
            text.Append(inv, $", visit {VisitId}");
        }

        if (SerialNumber is not null)
        {
            text.Append(inv, $", feedetl_sn {SerialNumber}");
        }

        return text.Append(')').ToString();
    }

    /// <summary>Reads a line from the raw strings a vendor receives; reports every bad field, never throws for bad content.</summary>
    /// <param name="raw">The raw line.</param>
    /// <param name="line">The typed line when every field was read.</param>
    /// <param name="errors">One typed error per bad field (empty on success).</param>
    /// <returns><see langword="true"/> when every field was read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="raw"/> is <see langword="null"/>.</exception>
    public static bool TryParse(RawChargeLine raw, out ChargeLine line, out IReadOnlyList<PricingError> errors)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return RawLineReader.TryRead(raw, out line, out errors);
    }

    /// <summary>Reads a line as <see cref="TryParse(RawChargeLine, out ChargeLine, out IReadOnlyList{PricingError})"/> does, mapping a line that carries only the hospital's own code (<c>medins_list_codg</c>) through a mapping table.</summary>
    /// <param name="raw">The raw line.</param>
    /// <param name="hospitalCodes">The hospital's mapping table (对照表), or <see langword="null"/> for none.</param>
    /// <param name="line">The typed line when every field was read.</param>
    /// <param name="errors">One typed error per bad field (empty on success); an unmapped hospital code is <c>unmapped-code</c>.</param>
    /// <returns><see langword="true"/> when every field was read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="raw"/> is <see langword="null"/>.</exception>
    public static bool TryParse(RawChargeLine raw, Policy.HospitalCodeMap? hospitalCodes, out ChargeLine line, out IReadOnlyList<PricingError> errors)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return RawLineReader.TryRead(raw, out line, out errors, hospitalCodes);
    }
}
