using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>
/// One version of a province's consumables policy: the catalogue, the product registry, the recoding table,
/// volume-based procurement, settlement medians and the pre-self-pay table, with an id, a title, a province and an
/// effective period. Build one with <see cref="PolicyBuilder"/>, or load a <c>consumables-policy/1</c> JSON file with
/// <see cref="Load"/>; <see cref="Default"/> is the embedded sample.
/// </summary>
/// <remarks>Immutable and thread-safe; the lookups used per line allocate nothing.</remarks>
public sealed class PolicyVersion
{
    private static readonly Lazy<PolicyVersion> DefaultPolicy = new(PolicyFile.LoadDefault);

    // Looked up on every priced line: frozen for the fastest reads (the product registry, which can be large, stays a
    // plain dictionary so loading stays quick).
    private readonly FrozenDictionary<CatalogueCode, CatalogueEntry> _entries;

    // Entries keyed by class prefix, consulted only when a code has no entry of its own; null when the catalogue has none.
    private readonly FrozenDictionary<GenericNameClass, CatalogueEntry>? _genericEntries;

    // Entries keyed by generic-name number, and NHSA's table placing codes under numbers; null when there are none.
    private readonly FrozenDictionary<GenericNameNumber, CatalogueEntry>? _numberEntries;
    private readonly FrozenDictionary<GenericNameNumber, GenericName>? _names;
    private readonly FrozenDictionary<CatalogueCode, GenericName>? _nameByCatalogueCode;
    private readonly FrozenDictionary<ManufacturerCode, GenericName>? _nameByManufacturerCode;
    private readonly Dictionary<ConsumableCode, Product> _products;

    // Products keyed at 20 characters (every product of one manufacturer under one class); null when there are none.
    private readonly Dictionary<ManufacturerCode, Product>? _manufacturerProducts;
    private readonly FrozenDictionary<ConsumableCode, ConsumableCode> _recoding;
    private readonly FrozenDictionary<ConsumableCode, (ProcurementGroup Group, decimal Price)> _winners;
    private readonly FrozenDictionary<CatalogueCode, (ProcurementGroup Group, decimal Highest)> _groups;
    private readonly FrozenDictionary<CatalogueCode, SettlementMedian> _medians;
    private readonly HashSet<CatalogueCode> _registered;
    private readonly CatalogueEntry? _defaultHigh;
    private readonly CatalogueEntry? _defaultLow;

    internal PolicyVersion(PolicyBuilder b)
    {
        Id = b.Id;
        Title = b.Title;
        Province = b.Province;
        EffectiveFrom = b.EffectiveFrom;
        EffectiveTo = b.EffectiveTo;
        ItemCap = b.ItemCap;
        FallbackPolicyId = b.FallbackPolicyId;
        ProductsComplete = b.ProductsComplete;
        ResidentRatioProvinceWide = b.ResidentRatioProvinceWide;
        OutOfProvinceRatioArea = b.OutOfProvinceRatioArea;
        CategoryByGenericName = b.CategoryByGenericName;
        NoMedian = b.NoMedian;
        NoMedianReason = b.NoMedianReason;
        HongKongMacaoTaiwanOrigin = b.HongKongMacaoTaiwanOrigin;
        DefaultEntry = b.DefaultEntry;
        if (DefaultEntry is { } fallbackEntry)
        {
            // Built once: a line priced through the default entry allocates nothing.
            _defaultHigh = EntryOf(fallbackEntry, ValueClass.High);
            _defaultLow = EntryOf(fallbackEntry, ValueClass.Low);
        }

        AllowClassPrefixEntries = b.AllowClassPrefixEntries;
        Catalogue = [.. b.Entries];
        GenericNames = [.. b.GenericNames];
        Products = [.. b.Products];
        Recoding = [.. b.Recodings];
        Procurement = [.. b.Groups];
        SettlementMedians = [.. b.Medians];
        PreSelfPay = new PreSelfPayTable(b.Rows);

        _entries = Catalogue.Where(static e => e.Level == CatalogueLevel.CatalogueCode).ToFrozenDictionary(static e => e.Code);
        var generic = Catalogue.Where(static e => e.Level == CatalogueLevel.ClassPrefix).ToList();
        _genericEntries = generic.Count == 0 ? null : generic.ToFrozenDictionary(static e => e.ClassPrefix);
        var numbered = Catalogue.Where(static e => e.Level == CatalogueLevel.GenericNameNumber).ToList();
        _numberEntries = numbered.Count == 0 ? null : numbered.ToFrozenDictionary(static e => e.GenericNameNumber!.Value);
        if (GenericNames.Count > 0)
        {
            _names = GenericNames.ToFrozenDictionary(static g => g.Number);
            _nameByCatalogueCode = GenericNames.SelectMany(static g => g.CatalogueCodes.Select(c => (Code: c, Name: g))).ToFrozenDictionary(static x => x.Code, static x => x.Name);
            var byManufacturer = GenericNames.SelectMany(static g => g.ManufacturerCodes.Select(c => (Code: c, Name: g))).ToList();
            _nameByManufacturerCode = byManufacturer.Count == 0 ? null : byManufacturer.ToFrozenDictionary(static x => x.Code, static x => x.Name);
        }
        _products = Products.Where(static p => !p.CoversManufacturer).ToDictionary(static p => p.Code);
        var manufacturers = Products.Where(static p => p.CoversManufacturer).ToDictionary(static p => p.Code.ManufacturerCode);
        _manufacturerProducts = manufacturers.Count == 0 ? null : manufacturers;
        _registered = [.. Products.Select(static p => p.Code.CatalogueCode)];
        _recoding = Recoding.ToFrozenDictionary(static r => r.From, static r => r.To);
        var winners = new Dictionary<ConsumableCode, (ProcurementGroup Group, decimal Price)>();
        var groups = new Dictionary<CatalogueCode, (ProcurementGroup Group, decimal Highest)>();
        foreach (var group in Procurement)
        {
            foreach (var winner in group.Winners)
            {
                winners[winner.Product] = (group, winner.Price);
            }

            var highest = group.HighestWinningPrice;
            foreach (var code in group.CatalogueCodes)
            {
                groups[code] = (group, highest);
            }
        }

        _winners = winners.ToFrozenDictionary();
        _groups = groups.ToFrozenDictionary();
        _medians = SettlementMedians.ToFrozenDictionary(static m => m.Code);
    }

    /// <summary>Gets the embedded default policy: "Shanxi basic-insurance consumables catalogue, batch 1 — sample" (loaded once, lazily).</summary>
    /// <remarks>Its catalogue is a sample; load the province's real catalogue as a policy file.</remarks>
    public static PolicyVersion Default => DefaultPolicy.Value;

    /// <summary>Gets the version's id (for example <c>sx-2026-b1</c>).</summary>
    public string Id { get; }

    /// <summary>Gets the title.</summary>
    public string Title { get; }

    /// <summary>Gets the province the policy governs.</summary>
    public AdministrativeDivision Province { get; }

    /// <summary>Gets the first day in force.</summary>
    public DateOnly EffectiveFrom { get; }

    /// <summary>Gets the last day in force (inclusive), or <see langword="null"/> when open-ended.</summary>
    public DateOnly? EffectiveTo { get; }

    /// <summary>Gets the item cap in yuan: no consumable is paid above it (50,000).</summary>
    public decimal ItemCap { get; }

    /// <summary>Gets the id of the fallback policy — the previous policy, which prices codes this catalogue lacks — or <see langword="null"/>.</summary>
    public string? FallbackPolicyId { get; }

    /// <summary>Gets a value indicating whether the product registry is declared complete: an unregistered product is then an error, not a warning.</summary>
    public bool ProductsComplete { get; }

    /// <summary>Gets a value indicating whether the residents' (390) ratio is province-wide (全省统一): resident rows are at province level only.</summary>
    public bool ResidentRatioProvinceWide { get; }

    /// <summary>Gets the pooling area whose pre-self-pay rows price patients insured outside the province (异地就医), or <see langword="null"/> when none is stated.</summary>
    public AdministrativeDivision? OutOfProvinceRatioArea { get; }

    /// <summary>
    /// Gets a value indicating whether the payment category is set by generic name (按通用名支付管理): a 15-character entry
    /// may not then have another category than the entry of its generic name.
    /// </summary>
    public bool CategoryByGenericName { get; }

    /// <summary>
    /// Gets how a high-value entry outside procurement with no settlement median on file is priced (<c>noMedian</c>), or
    /// <see langword="null"/> when the policy does not say (then as <see cref="NoMedianTreatment.ActualPrice"/>, and
    /// <see cref="CheckCoverage"/> warns when such entries exist).
    /// </summary>
    public NoMedianTreatment? NoMedian { get; }

    /// <summary>Gets the policy's reason for its <see cref="NoMedian"/> choice (<c>noMedianReason</c>), if stated.</summary>
    public string? NoMedianReason { get; }

    /// <summary>Gets the origin of a product registered from Hong Kong, Macao or Taiwan (国械注许); imported unless the policy says otherwise.</summary>
    public Origin HongKongMacaoTaiwanOrigin { get; }

    /// <summary>Gets the entry applied to codes the catalogue lists at neither level (<c>defaultEntry</c>), or <see langword="null"/>.</summary>
    public DefaultEntry? DefaultEntry { get; }

    /// <summary>
    /// Gets a value indicating whether entries keyed by a 10-character class prefix are allowed (<c>allowClassPrefixEntries</c>):
    /// wider than the notice allows, since such an entry pays codes the province did not list.
    /// </summary>
    public bool AllowClassPrefixEntries { get; }

    /// <summary>Gets NHSA's generic-name table (医保通用名: number, name, member codes), empty when none was imported.</summary>
    public IReadOnlyList<GenericName> GenericNames { get; }

    /// <summary>Gets the catalogue entries, at every level (<see cref="CatalogueEntry.Level"/>).</summary>
    public IReadOnlyList<CatalogueEntry> Catalogue { get; }

    /// <summary>Gets the product registry.</summary>
    public IReadOnlyList<Product> Products { get; }

    /// <summary>Gets the recoding table.</summary>
    public IReadOnlyList<Recoding> Recoding { get; }

    /// <summary>Gets the procurement groups.</summary>
    public IReadOnlyList<ProcurementGroup> Procurement { get; }

    /// <summary>Gets the settlement medians.</summary>
    public IReadOnlyList<SettlementMedian> SettlementMedians { get; }

    /// <summary>Gets the pre-self-pay table.</summary>
    public PreSelfPayTable PreSelfPay { get; }

    /// <summary>Loads a <c>consumables-policy/1</c> JSON policy; never throws for bad content, reporting every problem with its path.</summary>
    /// <param name="utf8Json">The UTF-8 JSON stream.</param>
    /// <returns>The policy or its problems.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    public static PolicyLoadResult Load(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return PolicyFile.Read(utf8Json);
    }

    /// <summary>Loads a policy file, throwing when it is invalid.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="PolicyLoadException">The policy is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PolicyVersion LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream).GetValueOrThrow();
    }

    /// <summary>Writes the policy as <c>consumables-policy/1</c> JSON; loading it back gives an equal policy.</summary>
    /// <param name="utf8Json">The stream to write to.</param>
    public void WriteJson(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        PolicyFile.Write(this, utf8Json);
    }

    /// <summary>Returns the policy as <c>consumables-policy/1</c> JSON text.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteJson(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Lists what the policy lists but cannot price: class-B entries with no ratio row for an insurance type, procurement
    /// codes the catalogue does not list, disabled winners, medians and recodings that lead nowhere, products of
    /// unlisted catalogue codes. These are warnings: the policy is valid, and lines it cannot price get their errors.
    /// </summary>
    /// <returns>The warnings, each with the JSON path of the value at fault, in path order; empty when there are none.</returns>
    public IReadOnlyList<PolicyProblem> CheckCoverage() => PolicyCoverage.Check(this);

    /// <summary>Says whether the version is in force on a date.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> within the effective period.</returns>
    public bool IsInForce(DateOnly date) => date >= EffectiveFrom && (EffectiveTo is not { } to || date <= to);

    /// <summary>
    /// Finds the catalogue entry that applies to a code: its 15-character entry, else the entry of the generic-name number
    /// NHSA's table places it under (by its 20-character or its 15-character code), else — where the policy allows them —
    /// the entry of its class prefix; <see cref="CatalogueEntry.Level"/> says which. Allocates nothing.
    /// </summary>
    /// <param name="code">The 27-character code.</param>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> when listed at any level.</returns>
    public bool TryGetEntry(ConsumableCode code, [NotNullWhen(true)] out CatalogueEntry? entry)
    {
        var catalogueCode = code.CatalogueCode;
        if (_entries.TryGetValue(catalogueCode, out entry))
        {
            return true;
        }

        if (_numberEntries is { } numbered && TryGetGenericName(code, out var name) && numbered.TryGetValue(name.Number, out entry))
        {
            return true;
        }

        return _genericEntries is { } generic && generic.TryGetValue(catalogueCode.GenericNameClass, out entry);
    }

    /// <summary>
    /// Finds the catalogue entry that applies to a catalogue code: its own, else the entry of the generic-name number NHSA's
    /// table places the whole code under, else the entry of its class prefix. A code the table splits between names by
    /// manufacturer needs the 27-character code (<see cref="TryGetEntry(ConsumableCode, out CatalogueEntry?)"/>). Allocates nothing.
    /// </summary>
    /// <param name="code">The catalogue code.</param>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> when listed at any level.</returns>
    public bool TryGetEntry(CatalogueCode code, [NotNullWhen(true)] out CatalogueEntry? entry) =>
        _entries.TryGetValue(code, out entry)
        || (_numberEntries is { } numbered && _nameByCatalogueCode is { } byCode && byCode.TryGetValue(code, out var name) && numbered.TryGetValue(name.Number, out entry))
        || (_genericEntries is { } generic && generic.TryGetValue(code.GenericNameClass, out entry));

    /// <summary>
    /// Finds the entry of the policy's <see cref="DefaultEntry"/> for a line's unit price (its value class may depend on
    /// it); the entry's <see cref="CatalogueEntry.Level"/> is <see cref="CatalogueLevel.Default"/>. Allocates nothing.
    /// </summary>
    /// <param name="unitPrice">The line's actual unit price.</param>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> when the policy has a default entry.</returns>
    public bool TryGetDefaultEntry(decimal unitPrice, [NotNullWhen(true)] out CatalogueEntry? entry)
    {
        entry = DefaultEntry is { } d ? (d.ValueClassAt(unitPrice) == ValueClass.High ? _defaultHigh : _defaultLow) : null;
        return entry is not null;
    }

    /// <summary>Returns the origin a product's registration gives under this policy (its declared origin first).</summary>
    /// <param name="product">The product.</param>
    /// <returns>The origin, or <see langword="null"/> when neither says.</returns>
    public Origin? OriginOf(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return product.DeclaredOrigin ?? Origins.FromRegistration(product.Registration, HongKongMacaoTaiwanOrigin);
    }

    private static CatalogueEntry EntryOf(DefaultEntry d, ValueClass valueClass) => new()
    {
        Code = default,
        Level = CatalogueLevel.Default,
        Name = d.Name,
        Category = d.Category,
        ValueClass = valueClass,
        MaxPaymentLimit = d.MaxPaymentLimit,
    };

    /// <summary>Finds the entry keyed by a class prefix (not the entries of the catalogue codes under it).</summary>
    /// <param name="classPrefix">The 10-character class prefix.</param>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> when the catalogue lists the class prefix itself.</returns>
    public bool TryGetEntry(GenericNameClass classPrefix, [NotNullWhen(true)] out CatalogueEntry? entry)
    {
        entry = null;
        return _genericEntries is { } generic && generic.TryGetValue(classPrefix, out entry);
    }

    /// <summary>Finds the entry keyed by a generic-name number (not the entries of the codes under it).</summary>
    /// <param name="number">The 6-digit 医保通用名编号.</param>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> when the catalogue lists the number itself.</returns>
    public bool TryGetEntry(GenericNameNumber number, [NotNullWhen(true)] out CatalogueEntry? entry)
    {
        entry = null;
        return _numberEntries is { } numbered && numbered.TryGetValue(number, out entry);
    }

    /// <summary>Finds the generic name NHSA's table places a code under: by its 20-character code first, then its 15-character code. Allocates nothing.</summary>
    /// <param name="code">The 27-character code.</param>
    /// <param name="genericName">The generic name.</param>
    /// <returns><see langword="true"/> when the table places the code.</returns>
    public bool TryGetGenericName(ConsumableCode code, [NotNullWhen(true)] out GenericName? genericName)
    {
        genericName = null;
        return _nameByCatalogueCode is { } byCatalogue
            && ((_nameByManufacturerCode is { } byManufacturer && byManufacturer.TryGetValue(code.ManufacturerCode, out genericName))
                || byCatalogue.TryGetValue(code.CatalogueCode, out genericName));
    }

    /// <summary>Finds the generic name NHSA's table places a whole 15-character code under.</summary>
    /// <param name="code">The catalogue code.</param>
    /// <param name="genericName">The generic name.</param>
    /// <returns><see langword="true"/> when the table places every product of the code under one name.</returns>
    public bool TryGetGenericName(CatalogueCode code, [NotNullWhen(true)] out GenericName? genericName)
    {
        genericName = null;
        return _nameByCatalogueCode is { } byCatalogue && byCatalogue.TryGetValue(code, out genericName);
    }

    /// <summary>Finds a generic name of NHSA's table by its number.</summary>
    /// <param name="number">The 6-digit 医保通用名编号.</param>
    /// <param name="genericName">The generic name.</param>
    /// <returns><see langword="true"/> when the table has the number.</returns>
    public bool TryGetGenericName(GenericNameNumber number, [NotNullWhen(true)] out GenericName? genericName)
    {
        genericName = null;
        return _names is { } names && names.TryGetValue(number, out genericName);
    }

    /// <summary>Finds a product of the registry: by its 27-character code, else by the 20-character code of its manufacturer under its class.</summary>
    /// <param name="code">The 27-character code.</param>
    /// <param name="product">The product.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public bool TryGetProduct(ConsumableCode code, [NotNullWhen(true)] out Product? product) =>
        _products.TryGetValue(code, out product)
        || (_manufacturerProducts is { } byManufacturer && byManufacturer.TryGetValue(code.ManufacturerCode, out product));

    /// <summary>Says whether the registry holds any product under a catalogue code (so a code not among them is unregistered).</summary>
    /// <param name="code">The catalogue code.</param>
    /// <returns><see langword="true"/> when at least one product is registered under it.</returns>
    public bool HasProductsUnder(CatalogueCode code) => _registered.Contains(code);

    /// <summary>Finds the new code of a recoded code, following a chain of recodings to its end.</summary>
    /// <param name="from">The old code.</param>
    /// <param name="to">The final new code.</param>
    /// <returns><see langword="true"/> when the code was recoded.</returns>
    public bool TryGetRecoding(ConsumableCode from, out ConsumableCode to)
    {
        to = from;
        var found = false;
        for (var hops = 0; hops <= _recoding.Count && _recoding.TryGetValue(to, out var next); hops++)
        {
            to = next;
            found = true;
        }

        return found;
    }

    /// <summary>Finds how a product stands in volume-based procurement.</summary>
    /// <param name="product">The 27-character code.</param>
    /// <returns>Winner with its winning price, group member with the group's highest winning price, or none.</returns>
    public ProcurementMatch FindProcurement(ConsumableCode product)
    {
        if (_winners.TryGetValue(product, out var winner))
        {
            return new ProcurementMatch(ProcurementMatchKind.Winner, winner.Price, winner.Group);
        }

        return _groups.TryGetValue(product.CatalogueCode, out var group)
            ? new ProcurementMatch(ProcurementMatchKind.GroupMember, group.Highest, group.Group)
            : default;
    }

    /// <summary>Finds the settlement median of a catalogue code.</summary>
    /// <param name="code">The catalogue code.</param>
    /// <param name="median">The median.</param>
    /// <returns><see langword="true"/> when on file.</returns>
    public bool TryGetSettlementMedian(CatalogueCode code, [NotNullWhen(true)] out SettlementMedian? median) => _medians.TryGetValue(code, out median);

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Title})";
}
