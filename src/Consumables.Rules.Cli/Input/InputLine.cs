using System.Globalization;

namespace Consumables.Rules.Cli.Input;

/// <summary>One input line as read: its 1-based number, its fields as given (echoed in the output) and, when the row itself could not be read, why.</summary>
/// <param name="Number">The 1-based line number among the data lines.</param>
/// <param name="Fields">The fields as given, in input order.</param>
/// <param name="Raw">The fields under the platform's names.</param>
/// <param name="ReadError">Why the row could not be read (a ragged CSV row, a JSON value that is not an object), or null.</param>
internal sealed record InputLine(int Number, IReadOnlyList<KeyValuePair<string, string?>> Fields, RawChargeLine Raw, string? ReadError)
{
    /// <summary>The platform's input names, looked up without regard to case (HIS exports write <c>CNT</c>, <c>Pric</c>…).</summary>
    private static readonly Dictionary<string, string> KnownNames = Output.ResultFields.InputNames.Append(FieldNames.ChargeItemType).Append(FieldNames.PatientAge).Append(FieldNames.DiagnosisCode).ToDictionary(static n => n, static n => n, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gives a field name the platform's spelling when it is one of the platform's names (matched without regard to case or surrounding spaces).</summary>
    internal static string Canonical(string name)
    {
        var trimmed = name.Trim().TrimStart('\uFEFF');
        return KnownNames.TryGetValue(trimmed, out var known) ? known : name;
    }

    /// <summary>
    /// Checks a header row and gives its names the platform's spelling: a name given twice (without regard to case), or a
    /// header naming none of the platform's fields, is a file-level error.
    /// </summary>
    /// <exception cref="UsageException">The header names a field twice or names no platform field.</exception>
    internal static string[] Header(IReadOnlyList<string> names, string what)
    {
        var header = new string[names.Count];
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var recognised = false;
        for (var i = 0; i < names.Count; i++)
        {
            header[i] = Canonical(names[i]);
            recognised |= KnownNames.ContainsKey(header[i]);
            if (!seen.TryAdd(header[i].Trim(), i))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"The {what} names '{Shorten(header[i])}' twice (columns {seen[header[i].Trim()] + 1} and {i + 1}); which one to read is not guessed."));
            }
        }

        if (!recognised)
        {
            throw new UsageException(
                $"The {what} names none of the platform's fields ({string.Join(", ", Output.ResultFields.InputNames)}); it starts '{Shorten(string.Join(",", names.Take(4)))}'. Is the file in another encoding (--encoding) or without a header row?");
        }

        return header;
    }

    /// <summary>Quotes at most 64 characters of a value in a message.</summary>
    internal static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "…");

    /// <summary>Builds the raw line from fields named by the platform.</summary>
    internal static RawChargeLine ToRaw(IReadOnlyList<KeyValuePair<string, string?>> fields)
    {
        string? Get(string name)
        {
            foreach (var (key, value) in fields)
            {
                if (string.Equals(key, name, StringComparison.Ordinal))
                {
                    return value;
                }
            }

            return null;
        }

        return new RawChargeLine
        {
            SerialNumber = Get(FieldNames.SerialNumber),
            Code = Get(FieldNames.Code),
            Quantity = Get(FieldNames.Quantity),
            UnitPrice = Get(FieldNames.UnitPrice),
            ServiceTime = Get(FieldNames.ServiceTime),
            InsuranceType = Get(FieldNames.InsuranceType),
            PoolingArea = Get(FieldNames.PoolingArea),
            Origin = Get(FieldNames.Origin),
            HospitalApproval = Get(FieldNames.HospitalApproval),
            ServiceItemCode = Get(FieldNames.ServiceItemCode),
            VisitId = Get(FieldNames.VisitId),
            ChargeItemType = Get(FieldNames.ChargeItemType),
            HospitalItemCode = Get(FieldNames.HospitalItemCode),
            MedicalType = Get(FieldNames.MedicalType),
            PatientAge = Get(FieldNames.PatientAge),
            DiagnosisCode = Get(FieldNames.DiagnosisCode),
            OriginalSerialNumber = Get(FieldNames.OriginalSerialNumber),
            HospitalArea = Get(FieldNames.HospitalArea),
        };
    }
}
