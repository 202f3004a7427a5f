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
    /// Reads the origin from a registration or filing number (注册证编号/备案编号, 《医疗器械注册与备案管理办法》) by its form:
    /// 国械注准 and a province's X械注准 are domestic; 国械注进 imported; 国械注许 (Hong Kong, Macao, Taiwan) takes
    /// <paramref name="hongKongMacaoTaiwan"/>; a class-I filing 国械备 (filed with the national administration: an import)
    /// is imported, one filed with a province or city (京械备, 沪械备, 晋吕械备, 豫许械备…) domestic. The older forms
    /// 国食药监械(准/进/许)字 read the same way. Anything else is unknown.
    /// </summary>
    /// <param name="registration">The registration number, for example 国械注进20173460001 or 豫许械备20200012号.</param>
    /// <param name="hongKongMacaoTaiwan">The origin of a product registered from Hong Kong, Macao or Taiwan (许); the policy's choice, imported unless it says otherwise.</param>
    /// <returns>The origin, or <see langword="null"/> when the number has none of these forms.</returns>
    /// <remarks>Only the character after 械注 (or inside 械(…)) decides, never a 许 elsewhere: 豫许械备 is Xuchang's filing, not a permit.</remarks>
    public static Origin? FromRegistration(string? registration, Origin hongKongMacaoTaiwan = Catalogue.Origin.Imported)
    {
        if (registration is null)
        {
            return null;
        }

        var text = registration.AsSpan().Trim();
        var at = text.IndexOf("械注", StringComparison.Ordinal);
        if (at > 0 && at + 2 < text.Length)
        {
            return ByMark(text[at + 2], hongKongMacaoTaiwan);
        }

        at = text.IndexOf("械备", StringComparison.Ordinal);
        if (at > 0)
        {
            // 国械备: filed with the national administration, which files class-I imports; any other prefix is a province's or a city's.
            return text[..at].SequenceEqual("国") ? Catalogue.Origin.Imported : Catalogue.Origin.Domestic;
        }

        at = text.IndexOfAny("(（");
        if (at > 0 && text[at - 1] == '械' && at + 1 < text.Length)
        {
            return ByMark(text[at + 1], hongKongMacaoTaiwan);
        }

        return null;
    }

    private static Origin? ByMark(char mark, Origin hongKongMacaoTaiwan) => mark switch
    {
        '准' => Catalogue.Origin.Domestic,
        '进' => Catalogue.Origin.Imported,
        '许' => hongKongMacaoTaiwan,
        _ => null,
    };

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
