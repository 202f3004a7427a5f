using System.Globalization;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>
/// Builds a <see cref="PolicyVersion"/> in code (tests, importers) with the same validation as the policy file: every
/// problem is reported with the JSON path the value would have in the file.
/// </summary>
/// <remarks>Not thread-safe; the policy it builds is.</remarks>
public sealed class PolicyBuilder
{
    /// <summary>Initializes a builder with the required fields.</summary>
    /// <param name="id">The version's id.</param>
    /// <param name="province">The province (a division ending in 0000).</param>
    /// <param name="effectiveFrom">The first day in force.</param>
    public PolicyBuilder(string id, AdministrativeDivision province, DateOnly effectiveFrom)
    {
        Id = id ?? string.Empty;
        Province = province;
        EffectiveFrom = effectiveFrom;
    }

    internal string Id { get; }

    internal string Title { get; private set; } = string.Empty;

    internal AdministrativeDivision Province { get; }

    internal DateOnly EffectiveFrom { get; }

    internal DateOnly? EffectiveTo { get; private set; }

    internal decimal ItemCap { get; private set; } = Money.ItemCap;

    internal string? FallbackPolicyId { get; private set; }

    internal bool ProductsComplete { get; private set; }

    internal bool ResidentRatioProvinceWide { get; private set; }

    internal AdministrativeDivision? OutOfProvinceRatioArea { get; private set; }

    internal bool CategoryByGenericName { get; private set; }

    internal NoMedianTreatment? NoMedian { get; private set; }

    internal string? NoMedianReason { get; private set; }

    internal Origin HongKongMacaoTaiwanOrigin { get; private set; } = Origin.Imported;

    internal DefaultEntry? DefaultEntry { get; private set; }
    internal bool AllowClassPrefixEntries { get; private set; }

    internal List<GenericName> GenericNames { get; } = [];

    internal List<CatalogueEntry> Entries { get; } = [];

    internal List<Product> Products { get; } = [];

    internal List<Recoding> Recodings { get; } = [];

    internal List<ProcurementGroup> Groups { get; } = [];

    internal List<SettlementMedian> Medians { get; } = [];

    internal List<PreSelfPayRow> Rows { get; } = [];

    // Positions by key for the Set methods, so a re-import of 200,000 products stays linear.
    // An entry is its code and its level: a generic name (code followed by 00000) never replaces a 15-character entry.
    private readonly KeyIndex<(CatalogueCode, CatalogueLevel), CatalogueEntry> _entryIndex = new(static e => (e.Code, e.Level));
    private readonly KeyIndex<(ConsumableCode, bool), Product> _productIndex = new(static p => (p.Code, p.CoversManufacturer));
    private readonly KeyIndex<ConsumableCode, Recoding> _recodingIndex = new(static r => r.From);
    private readonly KeyIndex<string, ProcurementGroup> _groupIndex = new(static g => g.Id);
    private readonly KeyIndex<CatalogueCode, SettlementMedian> _medianIndex = new(static m => m.Code);
    private readonly KeyIndex<(InsuranceType, AdministrativeDivision, Origin?, PaymentCategory, decimal?, decimal?), PreSelfPayRow> _rowIndex =
        new(static r => (r.InsuranceType, r.Area, r.Origin, r.Category, r.MinUnitPrice, r.MaxUnitPrice));

    /// <summary>Starts a builder holding everything a policy holds, to derive a changed version from it.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>A new builder.</returns>
    public static PolicyBuilder From(PolicyVersion policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var b = new PolicyBuilder(policy.Id, policy.Province, policy.EffectiveFrom).WithTitle(policy.Title).WithEffectiveTo(policy.EffectiveTo).WithItemCap(policy.ItemCap)
            .WithFallbackPolicy(policy.FallbackPolicyId).WithProductsComplete(policy.ProductsComplete)
            .WithResidentRatioProvinceWide(policy.ResidentRatioProvinceWide).WithOutOfProvinceRatioArea(policy.OutOfProvinceRatioArea)
            .WithCategoryByGenericName(policy.CategoryByGenericName).WithNoMedian(policy.NoMedian, policy.NoMedianReason)
            .WithHongKongMacaoTaiwanOrigin(policy.HongKongMacaoTaiwanOrigin).WithDefaultEntry(policy.DefaultEntry)
            .WithAllowClassPrefixEntries(policy.AllowClassPrefixEntries);
        b.Entries.AddRange(policy.Catalogue);
        b.GenericNames.AddRange(policy.GenericNames);
        b.Products.AddRange(policy.Products);
        b.Recodings.AddRange(policy.Recoding);
        b.Groups.AddRange(policy.Procurement);
        b.Medians.AddRange(policy.SettlementMedians);
        b.Rows.AddRange(policy.PreSelfPay.Rows);
        return b;
    }

    /// <summary>Sets the title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithTitle(string title)
    {
        Title = title ?? string.Empty;
        return this;
    }

    /// <summary>Sets the last day in force (inclusive); <see langword="null"/> for open-ended.</summary>
    /// <param name="effectiveTo">The last day.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithEffectiveTo(DateOnly? effectiveTo)
    {
        EffectiveTo = effectiveTo;
        return this;
    }

    /// <summary>Sets the item cap: the policy's own figure (Shanxi: 50,000 yuan), with no fixed ceiling; entries' limits may not exceed it.</summary>
    /// <param name="itemCap">The item cap.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithItemCap(decimal itemCap)
    {
        ItemCap = itemCap;
        return this;
    }

    /// <summary>
    /// Names the fallback policy: the previous policy, which prices codes this catalogue lacks
    /// (「未在此次调整规范范围内的…耗材，可继续按原有政策执行」); <see langword="null"/> for none.
    /// </summary>
    /// <param name="policyId">The fallback policy's id.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithFallbackPolicy(string? policyId)
    {
        FallbackPolicyId = string.IsNullOrEmpty(policyId) ? null : policyId;
        return this;
    }

    /// <summary>Declares the product registry complete: a code not registered under a catalogue code that has products is then an error, not a warning.</summary>
    /// <param name="complete">Whether the registry is complete.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithProductsComplete(bool complete)
    {
        ProductsComplete = complete;
        return this;
    }

    /// <summary>Declares the residents' (390) pre-self-pay ratio province-wide (全省统一): a resident row below province level is then an error.</summary>
    /// <param name="provinceWide">Whether the residents' ratio is province-wide.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithResidentRatioProvinceWide(bool provinceWide)
    {
        ResidentRatioProvinceWide = provinceWide;
        return this;
    }

    /// <summary>
    /// Names the pooling area whose pre-self-pay rows price patients insured outside the province (异地就医, the hospital
    /// area's rows); <see langword="null"/> when the policy states none (such lines then fail with <c>missing-ratio</c>).
    /// </summary>
    /// <param name="area">The area, inside the policy's province.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithOutOfProvinceRatioArea(AdministrativeDivision? area)
    {
        OutOfProvinceRatioArea = area;
        return this;
    }

    /// <summary>
    /// Sets whether the payment category is set by generic name (按通用名支付管理): then a 15-character entry whose category
    /// differs from the entry of its generic name is a problem. Off unless set.
    /// </summary>
    /// <param name="byGenericName">Whether categories are set by generic name.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithCategoryByGenericName(bool byGenericName)
    {
        CategoryByGenericName = byGenericName;
        return this;
    }

    /// <summary>
    /// States how a high-value entry outside procurement with no settlement median on file is priced (<c>noMedian</c>): the
    /// notice states no case without a median, so the policy says; <see langword="null"/> leaves it unstated (priced on the
    /// actual price, and <see cref="PolicyVersion.CheckCoverage"/> warns when such entries exist).
    /// </summary>
    /// <param name="treatment">The treatment.</param>
    /// <param name="reason">Why the policy chose it (<c>noMedianReason</c>), kept with the policy.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithNoMedian(NoMedianTreatment? treatment, string? reason = null)
    {
        NoMedian = treatment;
        NoMedianReason = string.IsNullOrWhiteSpace(reason) ? null : reason;
        return this;
    }

    /// <summary>Sets the origin of a product registered from Hong Kong, Macao or Taiwan (国械注许, <c>hongKongMacaoTaiwanOrigin</c>); imported unless set.</summary>
    /// <param name="origin">The origin.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithHongKongMacaoTaiwanOrigin(Origin origin)
    {
        HongKongMacaoTaiwanOrigin = origin;
        return this;
    }

    /// <summary>Sets the entry applied to codes the catalogue does not list (<c>defaultEntry</c>); <see langword="null"/> for none.</summary>
    /// <param name="entry">The default entry.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithDefaultEntry(DefaultEntry? entry)
    {
        DefaultEntry = entry;
        return this;
    }

    /// <summary>
    /// Sets whether entries keyed by a 10-character class prefix (<see cref="CatalogueLevel.ClassPrefix"/>) are allowed. Such
    /// an entry pays every 15-character code under the prefix that has no entry of its own, codes the province did not list
    /// included: wider than the notice allows (「不得…用变通的方法增加目录内医用耗材」). Off unless set; a class-prefix entry is
    /// then a problem.
    /// </summary>
    /// <param name="allow">Whether class-prefix entries are allowed.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder WithAllowClassPrefixEntries(bool allow)
    {
        AllowClassPrefixEntries = allow;
        return this;
    }

    /// <summary>Adds a generic name of NHSA's classification table (医保通用名: number, name, member codes).</summary>
    /// <param name="genericName">The generic name.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddGenericName(GenericName genericName) => Add(GenericNames, genericName);

    /// <summary>Replaces NHSA's generic-name table with another (an import of a newer table replaces the older one whole).</summary>
    /// <param name="genericNames">The generic names.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder SetGenericNames(IEnumerable<GenericName> genericNames)
    {
        ArgumentNullException.ThrowIfNull(genericNames);
        GenericNames.Clear();
        GenericNames.AddRange(genericNames);
        return this;
    }

    /// <summary>Adds a catalogue entry, keyed by its catalogue code, its generic-name number or its class prefix (<see cref="CatalogueEntry.Level"/>).</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddEntry(CatalogueEntry entry) => Add(Entries, entry);

    /// <summary>Adds a product.</summary>
    /// <param name="product">The product.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddProduct(Product product) => Add(Products, product);

    /// <summary>Adds a recoding.</summary>
    /// <param name="from">The old code.</param>
    /// <param name="to">The new code.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddRecoding(ConsumableCode from, ConsumableCode to) => Add(Recodings, new Recoding(from, to));

    /// <summary>Adds a procurement group.</summary>
    /// <param name="group">The group.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddProcurementGroup(ProcurementGroup group) => Add(Groups, group);

    /// <summary>Adds a settlement median.</summary>
    /// <param name="median">The median.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddSettlementMedian(SettlementMedian median) => Add(Medians, median);

    /// <summary>Adds a pre-self-pay row.</summary>
    /// <param name="row">The row.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddPreSelfPay(PreSelfPayRow row) => Add(Rows, row);

    /// <summary>Marks a product disabled (停用): the registered product is replaced by a disabled copy, or a disabled product is added.</summary>
    /// <param name="code">The 27-character code.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder MarkDisabled(ConsumableCode code)
    {
        var at = _productIndex.Find(Products, (code, false));
        return SetProduct(at < 0 ? new Product { Code = code, Disabled = true } : Products[at] with { Disabled = true });
    }

    /// <summary>Adds a catalogue entry, or replaces the entry with the same code and level (a re-import updates by code).</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder SetEntry(CatalogueEntry entry) => Set(Entries, _entryIndex, entry);

    /// <summary>Adds a product, or replaces the product with the same code.</summary>
    /// <param name="product">The product.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder SetProduct(Product product) => Set(Products, _productIndex, product);

    /// <summary>Adds a recoding, or replaces the recoding of the same old code.</summary>
    /// <param name="from">The old code.</param>
    /// <param name="to">The new code.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder SetRecoding(ConsumableCode from, ConsumableCode to) => Set(Recodings, _recodingIndex, new Recoding(from, to));

    /// <summary>Adds a procurement group, or replaces the group with the same id (its codes and winners with it).</summary>
    /// <param name="group">The group.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder SetProcurementGroup(ProcurementGroup group) => Set(Groups, _groupIndex, group);

    /// <summary>Adds a settlement median, or replaces the median of the same catalogue code.</summary>
    /// <param name="median">The median.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder SetSettlementMedian(SettlementMedian median) => Set(Medians, _medianIndex, median);

    /// <summary>Adds a pre-self-pay row, or replaces the row with the same insurance type, area, origin, category and band (its ratio changes).</summary>
    /// <param name="row">The row.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder SetPreSelfPay(PreSelfPayRow row) => Set(Rows, _rowIndex, row);

    /// <summary>Removes every pre-self-pay row (to replace the table of a version derived with <see cref="From"/>).</summary>
    /// <returns>This builder.</returns>
    public PolicyBuilder ClearPreSelfPay()
    {
        Rows.Clear();
        return this;
    }

    /// <summary>Validates and builds the policy, or reports every problem.</summary>
    /// <returns>The policy or its problems.</returns>
    public PolicyLoadResult TryBuild()
    {
        var problems = Validate();
        return problems.Count > 0 ? new PolicyLoadResult(null, PolicyProblem.InPathOrder(problems)) : new PolicyLoadResult(new PolicyVersion(this), []);
    }

    /// <summary>Validates and builds the policy.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="PolicyLoadException">The policy is invalid; every problem is listed.</exception>
    public PolicyVersion Build() => TryBuild().GetValueOrThrow();

    private PolicyBuilder Set<TKey, T>(List<T> list, KeyIndex<TKey, T> index, T item)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(item);
        index.Set(list, item);
        return this;
    }

    private PolicyBuilder Add<T>(List<T> list, T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        list.Add(item);
        return this;
    }

    private List<PolicyProblem> Validate()
    {
        var problems = new List<PolicyProblem>();
        void Problem(string path, string message) => problems.Add(new PolicyProblem(path, message));
        var inv = CultureInfo.InvariantCulture;

        // Prices and ratios keep to the platform's widths (pric_uplmt_amt 16,6; selfpay_prop 5,4), so the split stays exact.
        void Width(string path, decimal? value, PlatformWidth width)
        {
            if (value is { } v && !width.Fits(v))
            {
                Problem(path, string.Create(inv, $"The value {v} is beyond the platform's width {width.Describe()} ({width.Name})."));
            }
        }

        Width("$.itemCap", ItemCap, PlatformWidth.PriceLimit);
        for (var i = 0; i < Entries.Count; i++)
        {
            Width($"$.catalogue[{i}].maxPaymentLimit", Entries[i].MaxPaymentLimit, PlatformWidth.PriceLimit);
        }

        for (var i = 0; i < Medians.Count; i++)
        {
            Width($"$.settlementMedians[{i}].median", Medians[i].Median, PlatformWidth.PriceLimit);
        }

        for (var i = 0; i < Rows.Count; i++)
        {
            Width($"$.preSelfPay[{i}].ratio", Rows[i].Ratio, PlatformWidth.Ratio);
            Width($"$.preSelfPay[{i}].minUnitPrice", Rows[i].MinUnitPrice, PlatformWidth.PriceLimit);
            Width($"$.preSelfPay[{i}].maxUnitPrice", Rows[i].MaxUnitPrice, PlatformWidth.PriceLimit);
        }

        for (var g = 0; g < Groups.Count; g++)
        {
            for (var w = 0; w < Groups[g].Winners.Length; w++)
            {
                Width($"$.procurement[{g}].winners[{w}].price", Groups[g].Winners[w].Price, PlatformWidth.PriceLimit);
            }
        }

        if (string.IsNullOrWhiteSpace(Id))
        {
            Problem("$.id", "The id is empty; a policy version needs an id.");
        }

        if (Province.Level != DivisionLevel.Province)
        {
            Problem("$.province", $"'{Province}' is not a province code; expected 6 digits ending in 0000, such as 140000.");
        }

        if (EffectiveTo is { } to && to < EffectiveFrom)
        {
            Problem("$.effectiveTo", string.Create(inv, $"The period ends ({to:yyyy-MM-dd}) before it starts ({EffectiveFrom:yyyy-MM-dd})."));
        }

        if (ItemCap <= 0m)
        {
            Problem("$.itemCap", string.Create(inv, $"The item cap {ItemCap} is not positive."));
        }

        if (FallbackPolicyId is { } fallback && string.Equals(fallback, Id, StringComparison.Ordinal))
        {
            Problem("$.fallbackPolicy", $"The policy names itself ('{fallback}') as its fallback; the fallback is the previous policy.");
        }

        if (NoMedian is { } noMedian && !Enum.IsDefined(noMedian))
        {
            Problem("$.noMedian", string.Create(inv, $"'{(int)noMedian}' is not a treatment; expected actualPrice, selfPay or reject."));
        }

        if (!Enum.IsDefined(HongKongMacaoTaiwanOrigin))
        {
            Problem("$.hongKongMacaoTaiwanOrigin", string.Create(inv, $"'{(int)HongKongMacaoTaiwanOrigin}' is not an origin; expected domestic or imported."));
        }

        if (DefaultEntry is { } defaultEntry)
        {
            ValidateDefaultEntry(defaultEntry, Problem, inv);
        }

        if (OutOfProvinceRatioArea is { } ratioArea && !Province.Contains(ratioArea))
        {
            Problem("$.outOfProvinceRatioArea", $"Area {ratioArea} lies outside the province {Province}; out-of-province patients are priced with the rows of an area of the hospital's province.");
        }

        var entryCodes = new HashSet<CatalogueCode>();
        var genericNames = new Dictionary<GenericNameClass, int>();
        var numbers = new Dictionary<GenericNameNumber, int>();
        for (var i = 0; i < Entries.Count; i++)
        {
            var e = Entries[i];
            var path = $"$.catalogue[{i}]";
            if (e.Level == CatalogueLevel.ClassPrefix)
            {
                if (!AllowClassPrefixEntries)
                {
                    Problem(path + ".code", $"The entry is keyed by the 10-character class prefix {e.ClassPrefix}, which pays every code under it the province did not list: wider than the notice allows. Key it by a 15-character code or a 6-digit 医保通用名编号, or set allowClassPrefixEntries.");
                }

                if (!e.Code.HasNoMaterialFeature)
                {
                    Problem(path + ".code", $"The entry is keyed by class prefix {e.ClassPrefix}, but its code {e.Code} names a material and feature; a class-prefix entry's code ends in 00000.");
                }
                else if (!genericNames.TryAdd(e.ClassPrefix, i))
                {
                    Problem(path + ".code", $"Class prefix {e.ClassPrefix} is listed twice (first at $.catalogue[{genericNames[e.ClassPrefix]}]).");
                }
            }
            else if (e.Level == CatalogueLevel.GenericNameNumber)
            {
                if (e.Code.Number > 999_999UL)
                {
                    Problem(path + ".code", $"The entry is keyed by generic-name number, but its code {e.Code} holds no 6-digit number; give it CatalogueEntry.CodeOf(GenericNameNumber).");
                }
                else if (!numbers.TryAdd(e.GenericNameNumber!.Value, i))
                {
                    Problem(path + ".code", $"Generic-name number {e.GenericNameNumber} is listed twice (first at $.catalogue[{numbers[e.GenericNameNumber.Value]}]).");
                }
            }
            else if (!Enum.IsDefined(e.Level) || e.Level == CatalogueLevel.Default)
            {
                Problem(path + ".code", string.Create(inv, $"'{(int)e.Level}' is not a catalogue level; expected a 15-character catalogue code, a 6-digit generic-name number or a 10-character class prefix."));
            }
            else if (!entryCodes.Add(e.Code))
            {
                Problem(path + ".code", $"Catalogue code {e.Code} is listed twice.");
            }

            if (string.IsNullOrWhiteSpace(e.Name))
            {
                Problem(path + ".name", "The name is empty.");
            }

            if (!Enum.IsDefined(e.Category))
            {
                Problem(path + ".category", $"'{e.Category}' is not a payment category; expected A, B or C.");
            }

            if (!Enum.IsDefined(e.ValueClass))
            {
                Problem(path + ".valueClass", $"'{e.ValueClass}' is not a value class; expected high or low.");
            }

            if (e.MaxPaymentLimit is { } limit && (limit <= 0m || limit > ItemCap))
            {
                Problem(path + ".maxPaymentLimit", string.Create(inv, $"The limit {limit} is outside 0 (exclusive) to the item cap {ItemCap}."));
            }

            if (e.Restriction is { } r)
            {
                ValidateRestriction(r, path + ".restriction", Problem);
            }
        }

        if (CategoryByGenericName)
        {
            ValidateGenericCategories(genericNames, numbers, Problem);
        }

        var namesOfCodes = ValidateGenericNames(Problem);

        var productCodes = new HashSet<(ConsumableCode, bool)>();
        for (var i = 0; i < Products.Count; i++)
        {
            if (!productCodes.Add((Products[i].Code, Products[i].CoversManufacturer)))
            {
                Problem($"$.products[{i}].code", $"Product {(Products[i].CoversManufacturer ? Products[i].Code.ManufacturerCode.ToString() : Products[i].Code.ToString())} is listed twice.");
            }
        }

        ValidateRecoding(Problem);
        ValidateProcurement(Problem, inv, namesOfCodes.ByCatalogue, namesOfCodes.ByManufacturer);

        var medianCodes = new HashSet<CatalogueCode>();
        for (var i = 0; i < Medians.Count; i++)
        {
            var m = Medians[i];
            var path = $"$.settlementMedians[{i}]";
            if (!medianCodes.Add(m.Code))
            {
                Problem(path + ".code", $"Catalogue code {m.Code} has two settlement medians.");
            }

            if (m.Median <= 0m)
            {
                Problem(path + ".median", string.Create(inv, $"The median {m.Median} is not positive."));
            }

            if (m.To < m.From)
            {
                Problem(path + ".to", string.Create(inv, $"The period ends ({m.To:yyyy-MM-dd}) before it starts ({m.From:yyyy-MM-dd})."));
            }
        }

        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            var path = $"$.preSelfPay[{i}]";
            if (!Enum.IsDefined(row.InsuranceType))
            {
                Problem(path + ".insutype", string.Create(inv, $"'{(int)row.InsuranceType}' is not a basic insurance type; expected 310 or 390."));
            }

            if (!Province.Contains(row.Area))
            {
                Problem(path + ".area", $"Area {row.Area} lies outside the province {Province}.");
            }
            else if (ResidentRatioProvinceWide && row.InsuranceType == InsuranceType.Resident && row.Area.Level != DivisionLevel.Province)
            {
                Problem(path + ".area", $"Area {row.Area} is below province level, but the residents' (390) ratio is province-wide (全省统一, residentRatioProvinceWide); give the row for {Province}.");
            }

            if (row.Ratio < 0m || row.Ratio > 1m)
            {
                Problem(path + ".ratio", string.Create(inv, $"The ratio {row.Ratio} is outside 0 to 1."));
            }

            if (row.MinUnitPrice is { } min && row.MaxUnitPrice is { } max && min >= max)
            {
                Problem(path + ".maxUnitPrice", string.Create(inv, $"The band [{min}, {max}) is empty."));
            }

            for (var j = 0; j < i; j++)
            {
                if (Rows[j].Overlaps(row))
                {
                    Problem(path, $"This row overlaps $.preSelfPay[{j}]: both apply to insutype {(int)row.InsuranceType}, area {row.Area}, class {row.Category}, at one specificity.");
                }
            }
        }

        return problems;
    }

    private static void ValidateRestriction(Restriction r, string path, Action<string, string> problem)
    {
        // A restriction whose kind says what it does may leave out the catalogue's text; a note is nothing but its text,
        // and a restriction without a kind (files written before kinds) has always needed one.
        if (string.IsNullOrWhiteSpace(r.Text) && r.Kind is RestrictionKind.Note or RestrictionKind.LimitedTo)
        {
            problem(path + ".text", "The restriction has no text.");
        }

        if (!Enum.IsDefined(r.Kind))
        {
            problem(path + ".kind", string.Create(CultureInfo.InvariantCulture, $"'{(int)r.Kind}' is not a restriction kind; expected limitedTo, notTogetherWith, conditions or note."));
        }

        if (r.MinAge is < 0 || r.MaxAge is < 0 || (r.MinAge is { } min && r.MaxAge is { } max && min > max))
        {
            problem(path + ".maxAge", string.Create(CultureInfo.InvariantCulture, $"The ages {r.MinAge}–{r.MaxAge} are not a range of years (0 or more, min at most max)."));
        }

        if (r.Kind != RestrictionKind.Conditions && (r.MinAge is not null || r.MaxAge is not null || !r.Diagnoses.IsDefaultOrEmpty || !r.MedicalTypes.IsDefaultOrEmpty))
        {
            problem(path + ".kind", $"The restriction states patient conditions (ages, diagnoses or medTypes) but its kind is {r.Kind}; only a conditions restriction checks them.");
        }

        for (var i = 0; !r.Diagnoses.IsDefaultOrEmpty && i < r.Diagnoses.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(r.Diagnoses[i]))
            {
                problem(string.Create(CultureInfo.InvariantCulture, $"{path}.diagnoses[{i}]"), "The diagnosis-code prefix is empty.");
            }
        }
    }

    private void ValidateDefaultEntry(DefaultEntry d, Action<string, string> problem, IFormatProvider inv)
    {
        if (!Enum.IsDefined(d.Category))
        {
            problem("$.defaultEntry.category", $"'{d.Category}' is not a payment category; expected A, B or C.");
        }

        if (d.ValueClass is { } valueClass && !Enum.IsDefined(valueClass))
        {
            problem("$.defaultEntry.valueClass", $"'{valueClass}' is not a value class; expected high, low or byPrice.");
        }
        else if (d.ValueClass is null && d.HighValueFrom is not > 0m)
        {
            problem("$.defaultEntry.highValueFrom", "A value class by price (byPrice) needs a positive highValueFrom: the unit price from which a line is high-value.");
        }

        if (d.MaxPaymentLimit is { } limit && (limit <= 0m || limit > ItemCap))
        {
            problem("$.defaultEntry.maxPaymentLimit", string.Create(inv, $"The limit {limit} is outside 0 (exclusive) to the item cap {ItemCap}."));
        }
    }

    /// <summary>Under payment by generic name, a 15-character entry may not take another category than its generic name's entry.</summary>
    private void ValidateGenericCategories(Dictionary<GenericNameClass, int> genericNames, Dictionary<GenericNameNumber, int> numbers, Action<string, string> problem)
    {
        var numberOf = new Dictionary<CatalogueCode, GenericNameNumber>();
        foreach (var name in GenericNames)
        {
            foreach (var code in name.CatalogueCodes)
            {
                numberOf.TryAdd(code, name.Number);
            }
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            var e = Entries[i];
            if (e.Level != CatalogueLevel.CatalogueCode)
            {
                continue;
            }

            if (numberOf.TryGetValue(e.Code, out var number) && numbers.TryGetValue(number, out var n) && Entries[n].Category != e.Category)
            {
                problem(
                    $"$.catalogue[{i}].category",
                    $"Catalogue code {e.Code} is class {e.Category}, but its generic name {number} ($.catalogue[{n}]) is class {Entries[n].Category}; the policy sets the payment category by generic name (categoryByGenericName).");
            }
            else if (genericNames.TryGetValue(e.ClassPrefix, out var g) && Entries[g].Category != e.Category)
            {
                problem(
                    $"$.catalogue[{i}].category",
                    $"Catalogue code {e.Code} is class {e.Category}, but its class prefix {e.ClassPrefix} ($.catalogue[{g}]) is class {Entries[g].Category}; the policy sets the payment category by generic name (categoryByGenericName).");
            }
        }
    }

    /// <summary>
    /// NHSA's table places each code under one generic name: a number given twice, or a code under two numbers, is a
    /// problem. Returns the number each code is placed under (the first, where the table is wrong), for the checks after it.
    /// </summary>
    private (Dictionary<CatalogueCode, GenericNameNumber> ByCatalogue, Dictionary<ManufacturerCode, GenericNameNumber> ByManufacturer) ValidateGenericNames(Action<string, string> problem)
    {
        var numbers = new Dictionary<GenericNameNumber, int>();
        var byCatalogue = new Dictionary<CatalogueCode, GenericNameNumber>();
        var byManufacturer = new Dictionary<ManufacturerCode, GenericNameNumber>();
        for (var i = 0; i < GenericNames.Count; i++)
        {
            var g = GenericNames[i];
            var path = $"$.genericNames[{i}]";
            if (!numbers.TryAdd(g.Number, i))
            {
                problem(path + ".number", $"Generic-name number {g.Number} is listed twice (first at $.genericNames[{numbers[g.Number]}]).");
            }

            for (var c = 0; c < g.CatalogueCodes.Length; c++)
            {
                if (!byCatalogue.TryAdd(g.CatalogueCodes[c], g.Number) && byCatalogue[g.CatalogueCodes[c]] != g.Number)
                {
                    problem($"{path}.codes[{c}]", $"Code {g.CatalogueCodes[c]} is placed under generic names {byCatalogue[g.CatalogueCodes[c]]} and {g.Number}; NHSA's table places a code under one.");
                }
            }

            for (var m = 0; m < g.ManufacturerCodes.Length; m++)
            {
                var code = g.ManufacturerCodes[m];
                if (!byManufacturer.TryAdd(code, g.Number) && byManufacturer[code] != g.Number)
                {
                    problem($"{path}.codes[{g.CatalogueCodes.Length + m}]", $"Code {code} is placed under generic names {byManufacturer[code]} and {g.Number}; NHSA's table places a code under one.");
                }
            }
        }

        return (byCatalogue, byManufacturer);
    }

    private void ValidateRecoding(Action<string, string> problem)
    {
        var targets = new Dictionary<ConsumableCode, ConsumableCode>();
        for (var i = 0; i < Recodings.Count; i++)
        {
            var r = Recodings[i];
            if (r.From == r.To)
            {
                problem($"$.recoding[{i}].to", $"Code {r.From} is recoded to itself.");
            }
            else if (!targets.TryAdd(r.From, r.To))
            {
                problem($"$.recoding[{i}].from", $"Code {r.From} is recoded twice.");
            }
        }

        for (var i = 0; i < Recodings.Count; i++)
        {
            var seen = new HashSet<ConsumableCode> { Recodings[i].From };
            var code = Recodings[i].To;
            while (targets.TryGetValue(code, out var next))
            {
                if (!seen.Add(code))
                {
                    problem($"$.recoding[{i}]", $"The recoding of {Recodings[i].From} leads into a cycle through {code}.");
                    break;
                }

                code = next;
            }
        }
    }

    private void ValidateProcurement(Action<string, string> problem, IFormatProvider inv, Dictionary<CatalogueCode, GenericNameNumber> numberByCatalogue, Dictionary<ManufacturerCode, GenericNameNumber> numberByManufacturer)
    {
        // The entry that applies to a winner (its own code's, else its generic-name number's, else its class prefix's), with its limit.
        var limits = new Dictionary<(CatalogueCode, CatalogueLevel), (decimal Limit, string Key, string Path)>();
        var ownEntries = new HashSet<CatalogueCode>();
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Level == CatalogueLevel.CatalogueCode)
            {
                ownEntries.Add(Entries[i].Code);
            }

            if (Entries[i].MaxPaymentLimit is { } limit)
            {
                limits.TryAdd((Entries[i].Code, Entries[i].Level), (limit, Entries[i].KeyText(), $"$.catalogue[{i}]"));
            }
        }

        // The generic-name number NHSA's table places a winner under: its 20-character code first, then its 15.
        GenericNameNumber? NumberOf(ConsumableCode code) =>
            numberByManufacturer.TryGetValue(code.ManufacturerCode, out var n) || numberByCatalogue.TryGetValue(code.CatalogueCode, out n) ? n : null;

        (decimal Limit, string Key, string Path)? LimitOf(ConsumableCode product)
        {
            var code = product.CatalogueCode;
            if (limits.TryGetValue((code, CatalogueLevel.CatalogueCode), out var own))
            {
                return own;
            }

            if (ownEntries.Contains(code))
            {
                return null;
            }

            if (NumberOf(product) is { } number && limits.TryGetValue((CatalogueEntry.CodeOf(number), CatalogueLevel.GenericNameNumber), out var numbered))
            {
                return numbered;
            }

            return AllowClassPrefixEntries && limits.TryGetValue((CatalogueEntry.CodeOf(code.GenericNameClass), CatalogueLevel.ClassPrefix), out var prefixed) ? prefixed : null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var grouped = new Dictionary<CatalogueCode, string>();
        var winners = new HashSet<ConsumableCode>();
        for (var i = 0; i < Groups.Count; i++)
        {
            var g = Groups[i];
            var path = $"$.procurement[{i}]";
            if (string.IsNullOrWhiteSpace(g.Id) || !ids.Add(g.Id))
            {
                problem(path + ".group", $"The group id '{g.Id}' is empty or used twice.");
            }

            for (var c = 0; c < g.CatalogueCodes.Length; c++)
            {
                if (!grouped.TryAdd(g.CatalogueCodes[c], g.Id))
                {
                    problem($"{path}.catalogueCodes[{c}]", $"Catalogue code {g.CatalogueCodes[c]} is already in group '{grouped[g.CatalogueCodes[c]]}'.");
                }
            }

            if (g.Winners.IsDefaultOrEmpty)
            {
                problem(path + ".winners", $"Group '{g.Id}' has no winners: its members would be capped at a highest winning price that does not exist.");
            }

            for (var w = 0; !g.Winners.IsDefaultOrEmpty && w < g.Winners.Length; w++)
            {
                var winner = g.Winners[w];
                var wpath = $"{path}.winners[{w}]";
                if (!g.CatalogueCodes.Contains(winner.Product.CatalogueCode))
                {
                    problem(wpath + ".product", $"Winner {winner.Product} belongs to catalogue code {winner.Product.CatalogueCode}, which is not in group '{g.Id}'.");
                }

                if (!winners.Add(winner.Product))
                {
                    problem(wpath + ".product", $"Product {winner.Product} wins twice.");
                }

                if (winner.Price <= 0m || winner.Price > ItemCap)
                {
                    problem(wpath + ".price", string.Create(inv, $"The winning price {winner.Price} is outside 0 (exclusive) to the item cap {ItemCap}."));
                }
                else if (LimitOf(winner.Product) is { } entryLimit && winner.Price > entryLimit.Limit)
                {
                    problem(wpath + ".price", string.Create(inv,
                        $"The winning price {winner.Price} is above the maximum payment limit {entryLimit.Limit} of its entry {entryLimit.Key} ({entryLimit.Path}.maxPaymentLimit); a winner is paid at its winning price, so one of the two is wrong."));
                }
            }
        }
    }
}

/// <summary>The position of each key's first item in a builder's list; a hit is checked against the list and the index rebuilt when stale.</summary>
internal sealed class KeyIndex<TKey, T>(Func<T, TKey> key)
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _positions = [];
    private int _indexed;

    internal int Find(List<T> list, TKey wanted)
    {
        var at = Lookup(list, wanted);
        if (at >= 0 && !EqualityComparer<TKey>.Default.Equals(key(list[at]), wanted))
        {
            // The list was changed behind the index: index it again.
            _positions.Clear();
            _indexed = 0;
            at = Lookup(list, wanted);
        }

        return at;
    }

    private int Lookup(List<T> list, TKey wanted)
    {
        if (_indexed > list.Count)
        {
            _positions.Clear();
            _indexed = 0;
        }

        for (; _indexed < list.Count; _indexed++)
        {
            _positions.TryAdd(key(list[_indexed]), _indexed);
        }

        return _positions.TryGetValue(wanted, out var at) ? at : -1;
    }

    internal void Set(List<T> list, T item)
    {
        var at = Find(list, key(item));
        if (at >= 0)
        {
            list[at] = item;
        }
        else
        {
            _positions[key(item)] = list.Count;
            list.Add(item);
            _indexed = list.Count;
        }
    }
}
