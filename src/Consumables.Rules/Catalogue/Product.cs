using Consumables.Rules.Codes;

namespace Consumables.Rules.Catalogue;

/// <summary>
/// A product of the registry, keyed by its 27-character code or — for every product of one manufacturer under one class —
/// by the 20-character classification-and-manufacturer code (<see cref="CoversManufacturer"/>): its registration number,
/// origin and disabled flag.
/// </summary>
public sealed record Product
{
    /// <summary>Gets the 27-character consumable code; for a product keyed at 20 characters, <see cref="CodeOf"/> of its code.</summary>
    public required ConsumableCode Code { get; init; }

    /// <summary>
    /// Gets a value indicating whether the product is keyed by its 20-character code (<see cref="Code"/>'s
    /// <see cref="ConsumableCode.ManufacturerCode"/>): it stands for every product of that manufacturer under that class
    /// that has no 27-character product of its own.
    /// </summary>
    public bool CoversManufacturer { get; init; }

    /// <summary>Creates the code a product keyed at 20 characters holds (<see cref="Code"/>): the code followed by a zero serial.</summary>
    /// <param name="code">The 20-character classification-and-manufacturer code.</param>
    /// <returns>The 27-character code to give the product with <see cref="CoversManufacturer"/>.</returns>
    public static ConsumableCode CodeOf(ManufacturerCode code) => ConsumableCode.Parse(code.ToString() + "0000000");

    /// <summary>Gets the registration or filing number (注册备案号), if known.</summary>
    public string? Registration { get; init; }

    /// <summary>Gets the origin as the file declares it, or <see langword="null"/> when left to the registration number.</summary>
    public Origin? DeclaredOrigin { get; init; }

    /// <summary>Gets the origin: as declared, else from the registration number (<see cref="Origins.FromRegistration"/>), else unknown.</summary>
    public Origin? Origin => DeclaredOrigin ?? Origins.FromRegistration(Registration);

    /// <summary>Gets a value indicating whether NHSA disabled the code (停用).</summary>
    public bool Disabled { get; init; }
}

/// <summary>Derives an origin from a registration number.</summary>
public static class Origins
{
    /// <summary>
    /// Reads the origin from a registration or filing number (注册证编号/备案编号, 《医疗器械注册与备案管理办法》):
    /// 注进 (imported) and 注许 (Hong Kong, Macao, Taiwan, registered as imported devices are) mean imported; 注准
    /// means domestic; a class-I filing 国械备 (filed with NMPA) is imported, one filed with a local authority
    /// (晋械备, 晋吕械备…) domestic. The older forms (进)/(许)/(准) read the same way.
    /// </summary>
    /// <param name="registration">The registration number, for example 国械注进20173460001 or 国械注准20193130123.</param>
    /// <returns>The origin, or <see langword="null"/> when the number says none of these.</returns>
    public static Origin? FromRegistration(string? registration) =>
        registration is null ? null
        : registration.Contains('进', StringComparison.Ordinal) || registration.Contains('许', StringComparison.Ordinal) ? Catalogue.Origin.Imported
        : registration.Contains('准', StringComparison.Ordinal) ? Catalogue.Origin.Domestic
        : registration.StartsWith("国械备", StringComparison.Ordinal) ? Catalogue.Origin.Imported
        : registration.Contains("械备", StringComparison.Ordinal) ? Catalogue.Origin.Domestic
        : null;

    /// <summary>Returns the platform's charge item level of a category: 01, 02 or 03 (<c>chrgitm_lv</c>).</summary>
    /// <param name="category">The category.</param>
    /// <returns>The level code.</returns>
    public static string ToPlatformLevel(this PaymentCategory category) => category switch
    {
        PaymentCategory.A => "01",
        PaymentCategory.B => "02",
        _ => "03",
    };
}
