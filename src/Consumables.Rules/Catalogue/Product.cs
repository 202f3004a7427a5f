using Consumables.Rules.Codes;

namespace Consumables.Rules.Catalogue;

/// <summary>A product of the registry (27-character code): its registration number, origin and disabled flag.</summary>
public sealed record Product
{
    /// <summary>Gets the 27-character consumable code.</summary>
    public required ConsumableCode Code { get; init; }

    /// <summary>Gets the registration or filing number (注册备案号), if known.</summary>
    public string? Registration { get; init; }

    /// <summary>Gets the origin as the file declares it, or <see langword="null"/> when left to the registration number.</summary>
    public Origin? DeclaredOrigin { get; init; }

    /// <summary>Gets the origin: as declared, else from the registration number (进 imported, 准 domestic), else unknown.</summary>
    public Origin? Origin => DeclaredOrigin ?? Origins.FromRegistration(Registration);

    /// <summary>Gets a value indicating whether NHSA disabled the code (停用).</summary>
    public bool Disabled { get; init; }
}

/// <summary>Derives an origin from a registration number.</summary>
public static class Origins
{
    /// <summary>Reads the origin from a registration number: 进 means imported, 准 domestic (进 wins when both appear).</summary>
    /// <param name="registration">The registration number, for example 国械注进20173460001 or 国械注准20193130123.</param>
    /// <returns>The origin, or <see langword="null"/> when the number says neither.</returns>
    public static Origin? FromRegistration(string? registration) =>
        registration is null ? null
        : registration.Contains('进', StringComparison.Ordinal) ? Catalogue.Origin.Imported
        : registration.Contains('准', StringComparison.Ordinal) ? Catalogue.Origin.Domestic
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
