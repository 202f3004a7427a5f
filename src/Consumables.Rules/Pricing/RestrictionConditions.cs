using Consumables.Rules.Catalogue;

namespace Consumables.Rules.Pricing;

/// <summary>Checks the patient conditions of a <see cref="RestrictionKind.Conditions"/> restriction against what a line supplies.</summary>
internal static class RestrictionConditions
{
    /// <summary>
    /// Checks each condition the restriction states (age bounds, diagnosis-code prefixes, <c>med_type</c>) that the line
    /// supplies: unmet when one fails, met when every stated condition is supplied and holds, else unknown (the hospital's
    /// approval then decides). A restriction stating none is unknown. Allocates nothing.
    /// </summary>
    internal static ConditionsStatus Check(Restriction restriction, in ChargeLine line)
    {
        var stated = false;
        var unknown = false;
        if (restriction.MinAge is not null || restriction.MaxAge is not null)
        {
            stated = true;
            if (line.PatientAge is not { } age)
            {
                unknown = true;
            }
            else if (age < restriction.MinAge || age > restriction.MaxAge)
            {
                return ConditionsStatus.Unmet;
            }
        }

        if (!restriction.Diagnoses.IsDefaultOrEmpty)
        {
            stated = true;
            if (string.IsNullOrWhiteSpace(line.DiagnosisCode))
            {
                unknown = true;
            }
            else if (!StartsWithAny(line.DiagnosisCode.AsSpan().Trim(), restriction))
            {
                return ConditionsStatus.Unmet;
            }
        }

        if (!restriction.MedicalTypes.IsDefaultOrEmpty)
        {
            stated = true;
            if (line.MedicalType == MedicalType.Unspecified)
            {
                unknown = true;
            }
            else if (!restriction.MedicalTypes.Contains(line.MedicalType))
            {
                return ConditionsStatus.Unmet;
            }
        }

        return stated && !unknown ? ConditionsStatus.Met : ConditionsStatus.Unknown;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> diagnosis, Restriction restriction)
    {
        foreach (var prefix in restriction.Diagnoses)
        {
            if (prefix.Length > 0 && diagnosis.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
