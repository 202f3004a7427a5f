namespace Consumables.Rules.Policy;

/// <summary>The basic insurance scheme a line is settled under (险种类型, the platform's <c>insutype</c>).</summary>
/// <remarks>Supplementary schemes (320, 330, 392, …) are settled after the basic split and are not priced here.</remarks>
public enum InsuranceType
{
    /// <summary>Employee basic medical insurance (职工基本医疗保险, <c>310</c>).</summary>
    Employee = 310,

    /// <summary>Urban–rural resident basic medical insurance (城乡居民基本医疗保险, <c>390</c>).</summary>
    Resident = 390,
}
