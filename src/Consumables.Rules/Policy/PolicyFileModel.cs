using System.Text.Json.Serialization;

namespace Consumables.Rules.Policy;

// The consumables-policy/1 file, field for field (docs/policy-model.md). Read and written with source-generated System.Text.Json.

internal sealed class PolicyDocument
{
    public string? Format { get; set; }

    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Province { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateOnly? EffectiveTo { get; set; }

    public decimal? ItemCap { get; set; }

    public string? FallbackPolicy { get; set; }

    public bool? ProductsComplete { get; set; }

    public bool? ResidentRatioProvinceWide { get; set; }

    public string? OutOfProvinceRatioArea { get; set; }

    public bool? CategoryByGenericName { get; set; }

    public string? NoMedian { get; set; }

    public string? NoMedianReason { get; set; }

    public string? HongKongMacaoTaiwanOrigin { get; set; }

    public DefaultEntryDocument? DefaultEntry { get; set; }
    public bool? AllowClassPrefixEntries { get; set; }

    public List<EntryDocument>? Catalogue { get; set; }

    public List<ProductDocument>? Products { get; set; }

    public List<RecodingDocument>? Recoding { get; set; }

    public List<GroupDocument>? Procurement { get; set; }

    public List<MedianDocument>? SettlementMedians { get; set; }

    public List<RowDocument>? PreSelfPay { get; set; }

    public List<GenericNameDocument>? GenericNames { get; set; }
}

internal sealed class GenericNameDocument
{
    public string? Number { get; set; }

    public string? Name { get; set; }

    public List<string>? Codes { get; set; }
}

internal sealed class EntryDocument
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? Level1 { get; set; }

    public string? Level2 { get; set; }

    public string? Level3 { get; set; }

    public string? MaterialFeature { get; set; }

    public string? Category { get; set; }

    public string? ValueClass { get; set; }

    public decimal? MaxPaymentLimit { get; set; }

    public RestrictionDocument? Restriction { get; set; }
}

internal sealed class RestrictionDocument
{
    public string? Kind { get; set; }

    public string? Text { get; set; }

    public List<string>? ServiceItems { get; set; }

    public decimal? MinAge { get; set; }

    public decimal? MaxAge { get; set; }

    public List<string>? Diagnoses { get; set; }

    public List<string>? MedTypes { get; set; }
}

internal sealed class DefaultEntryDocument
{
    public string? Name { get; set; }

    public string? Category { get; set; }

    public string? ValueClass { get; set; }

    public decimal? HighValueFrom { get; set; }

    public decimal? MaxPaymentLimit { get; set; }
}

internal sealed class ProductDocument
{
    public string? Code { get; set; }

    public string? Origin { get; set; }

    public string? Registration { get; set; }

    public bool? Disabled { get; set; }
}

internal sealed class RecodingDocument
{
    public string? From { get; set; }

    public string? To { get; set; }
}

internal sealed class GroupDocument
{
    public string? Group { get; set; }

    public List<string>? CatalogueCodes { get; set; }

    public List<WinnerDocument>? Winners { get; set; }
}

internal sealed class WinnerDocument
{
    public string? Product { get; set; }

    public decimal? Price { get; set; }
}

internal sealed class MedianDocument
{
    public string? Code { get; set; }

    public decimal? Median { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }
}

internal sealed class RowDocument
{
    public string? Insutype { get; set; }

    public string? Area { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Origin { get; set; }

    public string? Category { get; set; }

    public decimal? Ratio { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public decimal? MinUnitPrice { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public decimal? MaxUnitPrice { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true)]
[JsonSerializable(typeof(PolicyDocument))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
