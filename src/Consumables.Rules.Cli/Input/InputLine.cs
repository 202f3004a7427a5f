namespace Consumables.Rules.Cli.Input;

/// <summary>One input line as read: its 1-based number, its fields as given (echoed in the output) and, when the row itself could not be read, why.</summary>
/// <param name="Number">The 1-based line number among the data lines.</param>
/// <param name="Fields">The fields as given, in input order.</param>
/// <param name="Raw">The fields under the platform's names.</param>
/// <param name="ReadError">Why the row could not be read (a ragged CSV row, a JSON value that is not an object), or null.</param>
internal sealed record InputLine(int Number, IReadOnlyList<KeyValuePair<string, string?>> Fields, RawChargeLine Raw, string? ReadError)
{
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
        };
    }
}
