using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;
using Consumables.Rules.Policy;

namespace Consumables.Rules;

/// <summary>Reads a <see cref="RawChargeLine"/> field by field, collecting one typed error per bad field.</summary>
internal static class RawLineReader
{
    /// <summary>
    /// The forms of <c>fee_ocur_time</c> read: the platform's own (<c>yyyy-MM-dd HH:mm:ss</c>, <c>yyyy-MM-dd</c>) and the
    /// forms HIS systems and spreadsheets export: dashes or slashes with one- or two-digit month, day and hour, with or
    /// without seconds and fractions of a second, and the compact <c>yyyyMMdd</c> and <c>yyyyMMddHHmmss</c>.
    /// </summary>
    internal static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
        "yyyy-M-d H:mm:ss", "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss.FFFFFFF", "yyyy-M-d",
        "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss.FFFFFFF", "yyyy/M/d",
        "yyyyMMdd", "yyyyMMddHHmmss",
    ];

    private const string TimeFormatsText = "yyyy-MM-dd HH:mm:ss, yyyy-MM-dd, yyyy/M/d H:mm[:ss] or yyyyMMdd[HHmmss]";

    /// <summary>Reads a raw line; a line whose <c>med_chrgitm_type</c> is not 08 is a context line, read leniently and never in error.</summary>
    /// <param name="raw">The raw line.</param>
    /// <param name="line">The typed line.</param>
    /// <param name="errors">One error per bad field.</param>
    /// <param name="hospitalCodes">The hospital's code mapping (对照), used when <c>med_list_codg</c> is missing and <c>medins_list_codg</c> is given.</param>
    internal static bool TryRead(RawChargeLine raw, out ChargeLine line, out IReadOnlyList<PricingError> errors, HospitalCodeMap? hospitalCodes = null)
    {
        var type = raw.ChargeItemType is { } given ? ChargeLine.ReadChargeItemType(given) : string.Empty;
        if (type is { Length: 2 } && !ChargeLine.IsConsumableType(type))
        {
            line = ReadContext(raw, type);
            errors = [];
            return true;
        }

        List<PricingError>? found = null;
        void Fail(PricingErrorCode code, string field, string message) => (found ??= []).Add(new PricingError(code, field, message));

        if (type is null)
        {
            // Never a silent context line: a consumable with a mistyped type would drop out of pricing.
            Fail(PricingErrorCode.InvalidField, FieldNames.ChargeItemType, ChargeItemTypeMessage(raw.ChargeItemType!));
        }

        var code = default(ConsumableCode);
        if (string.IsNullOrEmpty(raw.Code) && !string.IsNullOrEmpty(raw.HospitalItemCode))
        {
            if (hospitalCodes is null || hospitalCodes.Count == 0)
            {
                Fail(PricingErrorCode.UnmappedHospitalCode, FieldNames.HospitalItemCode,
                    $"medins_list_codg '{raw.HospitalItemCode}' is given without med_list_codg, and no mapping table (对照表) is loaded to map it; load one (--mapping-table) or give med_list_codg.");
            }
            else if (!hospitalCodes.TryMap(raw.HospitalItemCode, out code))
            {
                Fail(PricingErrorCode.UnmappedHospitalCode, FieldNames.HospitalItemCode,
                    $"medins_list_codg '{raw.HospitalItemCode}' is not in the mapping table (对照表) of {hospitalCodes.Count} codes; map it to its national code or give med_list_codg.");
            }
        }
        else if (string.IsNullOrEmpty(raw.Code))
        {
            Fail(PricingErrorCode.InvalidCode, FieldNames.Code, "med_list_codg is missing; expected a 27-character consumable code.");
        }
        else if (!ConsumableCode.TryParse(raw.Code.AsSpan(), out code, out var codeError))
        {
            Fail(PricingErrorCode.InvalidCode, FieldNames.Code, $"med_list_codg '{raw.Code}': {codeError.Message}");
        }

        var quantity = ReadDecimal(raw.Quantity, PlatformWidth.Quantity, Fail);
        var price = ReadDecimal(raw.UnitPrice, PlatformWidth.UnitPrice, Fail);

        var date = default(DateOnly);
        if (!DateTime.TryParseExact(raw.ServiceTime, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.ServiceTime, $"fee_ocur_time '{Shorten(raw.ServiceTime ?? string.Empty)}' is not a date; expected {TimeFormatsText}.");
        }
        else
        {
            date = DateOnly.FromDateTime(time);
        }

        var insuranceType = default(InsuranceType);
        switch (raw.InsuranceType)
        {
            case "310": insuranceType = InsuranceType.Employee; break;
            case "390": insuranceType = InsuranceType.Resident; break;
            case { Length: 3 } other when other.All(char.IsAsciiDigit):
                Fail(PricingErrorCode.UnsupportedInsuranceType, FieldNames.InsuranceType,
                    $"insutype '{other}' is not a basic scheme priced here; expected 310 (employee) or 390 (resident). Supplementary schemes are settled after the basic split.");
                break;
            default:
                Fail(PricingErrorCode.InvalidField, FieldNames.InsuranceType, $"insutype '{raw.InsuranceType}' is not an insurance type code; expected 310 or 390.");
                break;
        }

        var area = default(AdministrativeDivision);
        if (!AdministrativeDivision.TryParse(raw.PoolingArea, out area))
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.PoolingArea, $"insuplc_admdvs '{raw.PoolingArea}' is not a 6-digit administrative division code.");
        }

        Origin? origin = raw.Origin switch
        {
            null or "" => null,
            "1" => Catalogue.Origin.Domestic,
            "2" => Catalogue.Origin.Imported,
            _ => null,
        };
        if (raw.Origin is { Length: > 0 } and not ("1" or "2"))
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.Origin, $"prodplac_type '{raw.Origin}' is not an origin; expected 1 (domestic), 2 (imported) or empty.");
        }

        var approval = HospitalApproval.None;
        switch (raw.HospitalApproval)
        {
            case null or "" or "0": break;
            case "1": approval = HospitalApproval.Approved; break;
            case "2": approval = HospitalApproval.Rejected; break;
            default:
                Fail(PricingErrorCode.InvalidField, FieldNames.HospitalApproval, $"hosp_appr_flag '{raw.HospitalApproval}' is not an approval flag; expected 0, 1, 2 or empty.");
                break;
        }

        if (!TryReadMedicalType(raw.MedicalType, out var medicalType))
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.MedicalType, $"med_type '{raw.MedicalType}' is not a medical type code; expected the platform's digits (11 outpatient, 21 inpatient, …) or empty.");
        }

        int? age = null;
        if (raw.PatientAge is { } ageText && ageText.Trim() is { Length: > 0 } trimmedAge)
        {
            if (trimmedAge.Length <= 3 && trimmedAge.All(char.IsAsciiDigit) && int.Parse(trimmedAge, CultureInfo.InvariantCulture) is var years and <= 150)
            {
                age = years;
            }
            else
            {
                Fail(PricingErrorCode.InvalidField, FieldNames.PatientAge, $"age '{raw.PatientAge}' is not an age; expected whole years from 0 to 150, or empty.");
            }
        }

        var hospitalArea = ReadHospitalArea(raw.HospitalArea, out var areaRead);
        if (!areaRead)
        {
            Fail(PricingErrorCode.InvalidField, FieldNames.HospitalArea, $"mdtrtarea_admvs '{Shorten(raw.HospitalArea!)}' is not a 6-digit administrative division code (the hospital's area, 就医地); expected 6 digits or empty.");
        }

        line = new ChargeLine
        {
            PatientAge = age,
            DiagnosisCode = NullIfEmpty(raw.DiagnosisCode?.Trim()),
            SerialNumber = raw.SerialNumber,
            OriginalSerialNumber = NullIfBlank(raw.OriginalSerialNumber),
            HospitalArea = hospitalArea,
            VisitId = NullIfEmpty(raw.VisitId),
            ChargeItemType = NullIfEmpty(type),
            HospitalItemCode = NullIfEmpty(raw.HospitalItemCode),
            MedicalType = medicalType,
            Code = code,
            Quantity = quantity,
            UnitPrice = price,
            ServiceDate = date,
            InsuranceType = insuranceType,
            PoolingArea = area,
            Origin = origin,
            HospitalApproval = approval,
            ServiceItemCode = NullIfEmpty(raw.ServiceItemCode),
        };
        errors = found is null ? [] : found;
        return found is null;
    }

    /// <summary>
    /// Reads a context line (a service item, a drug…): it is never priced and never in error, so each field is kept when
    /// it reads and left empty when it does not; its code is kept as given, since it is not a consumable code.
    /// </summary>
    /// <remarks>
    /// A context line whose <c>cnt</c>, <c>pric</c> or <c>fee_ocur_time</c> does not read keeps a quantity of 0, so it
    /// bills nothing in its visit (a restriction's service item is satisfied only by a valid, net-billed line).
    /// </remarks>
    private static ChargeLine ReadContext(RawChargeLine raw, string type)
    {
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        var inv = CultureInfo.InvariantCulture;
        TryReadMedicalType(raw.MedicalType, out var medicalType);
        var priceRead = decimal.TryParse(raw.UnitPrice, Styles, inv, out var price) && price >= 0m;
        var timeRead = DateTime.TryParseExact(raw.ServiceTime, TimeFormats, inv, DateTimeStyles.None, out _);
        return new ChargeLine
        {
            SerialNumber = raw.SerialNumber,
            OriginalSerialNumber = NullIfBlank(raw.OriginalSerialNumber),
            HospitalArea = ReadHospitalArea(raw.HospitalArea, out _),
            ContextCode = NullIfEmpty(raw.Code),
            Quantity = priceRead && timeRead && decimal.TryParse(raw.Quantity, Styles, inv, out var quantity) ? quantity : 0m,
            UnitPrice = priceRead ? price : 0m,
            ServiceDate = DateTime.TryParseExact(raw.ServiceTime, TimeFormats, inv, DateTimeStyles.None, out var time) ? DateOnly.FromDateTime(time) : default,
            InsuranceType = raw.InsuranceType is { Length: 3 } t && t.All(char.IsAsciiDigit) ? (InsuranceType)int.Parse(t, inv) : default,
            PoolingArea = AdministrativeDivision.TryParse(raw.PoolingArea, out var area) ? area : default,
            VisitId = NullIfEmpty(raw.VisitId),
            ChargeItemType = type,
            HospitalItemCode = NullIfEmpty(raw.HospitalItemCode),
            MedicalType = medicalType,
            ServiceItemCode = NullIfEmpty(raw.ServiceItemCode),
        };
    }

    /// <summary>Reads <c>med_type</c>: empty, or 1 to 6 digits without a leading zero (the platform's codes are numbers such as 11, 21, 9901).</summary>
    private static bool TryReadMedicalType(string? text, out MedicalType type)
    {
        type = MedicalType.Unspecified;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length > 6 || text[0] == '0' || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        type = (MedicalType)int.Parse(text, CultureInfo.InvariantCulture);
        return true;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Reads <c>mdtrtarea_admvs</c>: empty (not given) or a 6-digit administrative division, surrounding spaces dropped.</summary>
    private static AdministrativeDivision? ReadHospitalArea(string? text, out bool read)
    {
        read = true;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        read = AdministrativeDivision.TryParse(text.Trim(), out var area);
        return read ? area : null;
    }

    /// <summary>The message of a <c>med_chrgitm_type</c> that is not the platform's two digits.</summary>
    internal static string ChargeItemTypeMessage(string type) =>
        $"med_chrgitm_type '{Shorten(type)}' is not a medical charge item type; expected the platform's two digits (08 卫生材料费 for a consumable, 06, 09… for a context line) or empty. A mistyped type would drop the line out of pricing, so it is an error.";

    internal static decimal ReadDecimal(string? text, PlatformWidth width, Action<PricingErrorCode, string, string> fail)
    {
        var field = width.Name;
        if (string.IsNullOrEmpty(text))
        {
            fail(PricingErrorCode.InvalidField, field, $"{field} is missing; expected a decimal number.");
            return 0m;
        }

        var reading = width.TryRead(text, out var value);
        if (reading == NumberReading.NotANumber && IsGrouped(text))
        {
            // Thousands separated by commas in groups of three ("1,200.00"), as the import reads spreadsheets: unambiguous, so read.
            reading = width.TryRead(text.Replace(",", string.Empty, StringComparison.Ordinal), out value);
        }

        switch (reading)
        {
            case NumberReading.Exact:
                return value;
            case NumberReading.TooLarge:
                fail(PricingErrorCode.InvalidField, field, $"{field} '{Shorten(text)}' is beyond the platform's width {width.Describe()}.");
                return 0m;
            case NumberReading.TooManyDecimals:
                fail(PricingErrorCode.InvalidField, field, $"{field} '{Shorten(text)}' has more decimals than the platform's width {width.Describe()}. Nothing is rounded silently.");
                return 0m;
            default:
                fail(PricingErrorCode.InvalidField, field, $"{field} '{Shorten(text)}' is not a decimal number; expected digits with an optional sign, decimal point and exponent (commas only between groups of three digits: 1,200.00).");
                return 0m;
        }
    }

    /// <summary>Tells whether a number's integer digits are separated by commas in groups of three (<c>-1,234,567.5</c>), and nothing else is unusual.</summary>
    internal static bool IsGrouped(string text)
    {
        var s = text.AsSpan();
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            s = s[1..];
        }

        var point = s.IndexOf('.');
        var integer = point < 0 ? s : s[..point];
        if (point >= 0 && s[(point + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var first = integer.IndexOf(',');
        if (first is < 1 or > 3 || integer[..first].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var rest = integer[first..];
        if (rest.Length % 4 != 0)
        {
            return false;
        }

        for (var i = 0; i < rest.Length; i += 4)
        {
            if (rest[i] != ',' || rest.Slice(i + 1, 3).ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Quotes at most 64 characters of a value in a message, so a hostile field cannot make the message huge.</summary>
    internal static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "…");
}
