namespace Consumables.Rules;

/// <summary>
/// The medical type of a visit (医疗类别, the platform's <c>med_type</c>). The named values are the common ones; any other
/// platform code is kept as its number (<c>(MedicalType)9901</c>), so rules can still test it.
/// </summary>
public enum MedicalType
{
    /// <summary>Not given.</summary>
    Unspecified = 0,

    /// <summary>General outpatient (普通门诊, <c>11</c>).</summary>
    Outpatient = 11,

    /// <summary>Outpatient registration (门诊挂号, <c>12</c>).</summary>
    OutpatientRegistration = 12,

    /// <summary>Emergency (急诊, <c>13</c>).</summary>
    Emergency = 13,

    /// <summary>Outpatient chronic or special disease (门诊慢特病, <c>14</c>).</summary>
    OutpatientChronicDisease = 14,

    /// <summary>General inpatient (普通住院, <c>21</c>).</summary>
    Inpatient = 21,
}
