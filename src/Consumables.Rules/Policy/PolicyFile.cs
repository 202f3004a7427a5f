using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>
/// Reads and writes <c>consumables-policy/1</c> files. Reading checks the document's shape first (unknown or duplicate
/// fields, wrong JSON types: every one, with its path), then deserialises it with the source-generated context and
/// validates the content through <see cref="PolicyBuilder"/>, which also reports every problem.
/// </summary>
internal static class PolicyFile
{
    internal const string Format = "consumables-policy/1";
    private const string DefaultResource = "Consumables.Rules.Policy.Default.sx-2026-b1.json";
    private const int MaxDepth = 16;

    /// <summary>The largest policy file read (256 MiB, about two million products): a bigger one is a problem, not an out-of-memory.</summary>
    internal const long MaxBytes = 256L * 1024 * 1024;

    private static readonly JsonSerializerOptions WriteOptions = new(PolicyJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly PolicyJsonContext WriteContext = new(WriteOptions);

    internal static PolicyVersion LoadDefault()
    {
        using var stream = typeof(PolicyFile).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"The embedded default policy '{DefaultResource}' is missing from the assembly.");
        return Read(stream).GetValueOrThrow();
    }

    internal static PolicyLoadResult Read(Stream stream)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(new BoundedStream(stream, MaxBytes), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (InvalidDataException ex)
        {
            return Fail(new PolicyProblem("$", ex.Message));
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {ex.BytePositionInLine + 1})") : string.Empty;
            return Fail(new PolicyProblem(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, $"The file is not valid JSON{where}: {FirstSentence(ex.Message)}"));
        }

        using (document)
        {
            var problems = new List<PolicyProblem>();
            PolicyDocument dto;
            try
            {
                Shape.Check(document.RootElement, Shape.Policy, "$", problems);
                if (problems.Count == 0)
                {
                    dto = document.RootElement.Deserialize(PolicyJsonContext.Default.PolicyDocument)!;
                }
                else
                {
                    // Validate the content too, without the values the shape check refused, so one load reports everything.
                    using var sane = JsonDocument.Parse(Shape.Sanitize(document.RootElement, Shape.Policy));
                    dto = sane.RootElement.Deserialize(PolicyJsonContext.Default.PolicyDocument)!;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // A string holding invalid UTF-8 or a lone surrogate (\uD800) parses as JSON but cannot become text.
                var path = ex is JsonException { Path: { Length: > 0 } p } ? p : "$";
                return Fail(new PolicyProblem(path, "A string is not valid text: it holds invalid UTF-8 bytes or a lone surrogate escape (such as \\uD800)."));
            }

            var read = new List<PolicyProblem>();
            var built = ToBuilder(dto, read).TryBuild();
            if (problems.Count == 0 && read.Count == 0)
            {
                return built;
            }

            // A value refused by the shape check, or unreadable and replaced by a default, is reported once, as it was
            // found; then every other problem.
            var all = new List<PolicyProblem>();
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var batch in new[] { problems, read, built.Problems })
            {
                var kept = batch.Where(p => !IsUnder(p.Path, reported)).ToList();
                all.AddRange(kept);
                reported.UnionWith(kept.Select(static p => p.Path));
            }

            return new PolicyLoadResult(null, PolicyProblem.InPathOrder(all));
        }
    }

    /// <summary>Says whether a path, or a path it lies within (<c>$.a[1]</c> for <c>$.a[1].b</c>), was already reported.</summary>
    private static bool IsUnder(string path, HashSet<string> reported)
    {
        for (var at = path.Length; at > 0; at = path.LastIndexOfAny(['.', '['], at - 1))
        {
            if (reported.Contains(path[..at]))
            {
                return true;
            }
        }

        return false;
    }

    internal static void Write(PolicyVersion policy, Stream stream)
    {
        var inv = CultureInfo.InvariantCulture;
        var dto = new PolicyDocument
        {
            Format = Format,
            Id = policy.Id,
            Title = policy.Title,
            Province = policy.Province.ToString(),
            EffectiveFrom = policy.EffectiveFrom,
            EffectiveTo = policy.EffectiveTo,
            ItemCap = policy.ItemCap,
            FallbackPolicy = policy.FallbackPolicyId,
            ProductsComplete = policy.ProductsComplete ? true : null,
            ResidentRatioProvinceWide = policy.ResidentRatioProvinceWide ? true : null,
            OutOfProvinceRatioArea = policy.OutOfProvinceRatioArea?.ToString(),
            CategoryByGenericName = policy.CategoryByGenericName ? true : null,
            NoMedian = policy.NoMedian is { } noMedian ? NoMedianName(noMedian) : null,
            NoMedianReason = policy.NoMedianReason,
            HongKongMacaoTaiwanOrigin = policy.HongKongMacaoTaiwanOrigin == Origin.Imported ? null : OriginName(policy.HongKongMacaoTaiwanOrigin),
            DefaultEntry = policy.DefaultEntry is { } d ? new DefaultEntryDocument
            {
                Name = d.Name,
                Category = d.Category.ToString(),
                ValueClass = d.ValueClass switch { ValueClass.High => "high", ValueClass.Low => "low", _ => "byPrice" },
                HighValueFrom = d.HighValueFrom,
                MaxPaymentLimit = d.MaxPaymentLimit,
            } : null,
            AllowClassPrefixEntries = policy.AllowClassPrefixEntries ? true : null,
            Catalogue = [.. policy.Catalogue.Select(static e => new EntryDocument
            {
                Code = e.KeyText(),
                Name = e.Name,
                Level1 = e.Level1Name,
                Level2 = e.Level2Name,
                Level3 = e.Level3Name,
                MaterialFeature = e.MaterialFeature,
                Category = e.Category.ToString(),
                ValueClass = e.ValueClass == ValueClass.High ? "high" : "low",
                MaxPaymentLimit = e.MaxPaymentLimit,
                Restriction = e.Restriction is { } r ? new RestrictionDocument
                {
                    // A limitedTo restriction is written without its kind, as files before kinds were.
                    Kind = r.Kind == RestrictionKind.LimitedTo ? null : KindName(r.Kind),
                    Text = r.Text,
                    ServiceItems = r.ServiceItems.IsDefaultOrEmpty ? null : [.. r.ServiceItems],
                    MinAge = r.MinAge,
                    MaxAge = r.MaxAge,
                    Diagnoses = r.Diagnoses.IsDefaultOrEmpty ? null : [.. r.Diagnoses],
                    MedTypes = r.MedicalTypes.IsDefaultOrEmpty ? null : [.. r.MedicalTypes.Select(static t => ((int)t).ToString(CultureInfo.InvariantCulture))],
                } : null,
            })],
            Products = policy.Products.Count == 0 ? null : [.. policy.Products.Select(static p => new ProductDocument
            {
                Code = p.CoversManufacturer ? p.Code.ManufacturerCode.ToString() : p.Code.ToString(),
                Origin = OriginName(p.DeclaredOrigin),
                Registration = p.Registration,
                Disabled = p.Disabled ? true : null,
            })],
            Recoding = policy.Recoding.Count == 0 ? null : [.. policy.Recoding.Select(static r => new RecodingDocument { From = r.From.ToString(), To = r.To.ToString() })],
            Procurement = policy.Procurement.Count == 0 ? null : [.. policy.Procurement.Select(static g => new GroupDocument
            {
                Group = g.Id,
                CatalogueCodes = [.. g.CatalogueCodes.Select(static c => c.ToString())],
                Winners = [.. g.Winners.Select(static w => new WinnerDocument { Product = w.Product.ToString(), Price = w.Price })],
            })],
            SettlementMedians = policy.SettlementMedians.Count == 0 ? null : [.. policy.SettlementMedians.Select(static m => new MedianDocument { Code = m.Code.ToString(), Median = m.Median, From = m.From, To = m.To })],
            PreSelfPay = policy.PreSelfPay.Rows.Count == 0 ? null : [.. policy.PreSelfPay.Rows.Select(r => new RowDocument
            {
                Insutype = ((int)r.InsuranceType).ToString(inv),
                Area = r.Area.ToString(),
                Origin = OriginName(r.Origin),
                Category = r.Category.ToString(),
                Ratio = r.Ratio,
                MinUnitPrice = r.MinUnitPrice,
                MaxUnitPrice = r.MaxUnitPrice,
            })],
            GenericNames = policy.GenericNames.Count == 0 ? null : [.. policy.GenericNames.Select(static g => new GenericNameDocument
            {
                Number = g.Number.ToString(),
                Name = g.Name,
                Codes = [.. g.CatalogueCodes.Select(static c => c.ToString()), .. g.ManufacturerCodes.Select(static c => c.ToString())],
            })],
        };
        JsonSerializer.Serialize(stream, dto, WriteContext.PolicyDocument);
    }

    /// <summary>The file's names of the restriction kinds.</summary>
    internal static string KindName(RestrictionKind kind) => kind switch
    {
        RestrictionKind.NotTogetherWith => "notTogetherWith",
        RestrictionKind.Conditions => "conditions",
        RestrictionKind.Note => "note",
        _ => "limitedTo",
    };

    /// <summary>Reads a restriction kind by its file name; null when it is none of them.</summary>
    internal static RestrictionKind? KindOf(string? name) => name switch
    {
        "limitedTo" => RestrictionKind.LimitedTo,
        "notTogetherWith" => RestrictionKind.NotTogetherWith,
        "conditions" => RestrictionKind.Conditions,
        "note" => RestrictionKind.Note,
        _ => null,
    };

    private static string NoMedianName(NoMedianTreatment treatment) => treatment switch
    {
        NoMedianTreatment.SelfPay => "selfPay",
        NoMedianTreatment.Reject => "reject",
        _ => "actualPrice",
    };

    private static string? OriginName(Origin? origin) => origin switch
    {
        Origin.Domestic => "domestic",
        Origin.Imported => "imported",
        _ => null,
    };

    private static PolicyLoadResult Fail(PolicyProblem problem) => new(null, [problem]);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ");
    }

    /// <summary>Turns the document into a builder, reporting bad codes and values with their paths.</summary>
    private static PolicyBuilder ToBuilder(PolicyDocument d, List<PolicyProblem> problems)
    {
        void Problem(string path, string message) => problems.Add(new PolicyProblem(path, message));

        if (d.Format != Format)
        {
            Problem("$.format", $"The format is '{d.Format}'; expected '{Format}'.");
        }

        Required(d.Id, "$.id", Problem);
        var province = Division(d.Province, "$.province", Problem);
        if (d.EffectiveFrom is null)
        {
            Problem("$.effectiveFrom", "The effective date is missing; expected yyyy-MM-dd.");
        }

        if (d.ItemCap is null)
        {
            Problem("$.itemCap", "The item cap is missing; expected a number such as 50000.00.");
        }

        if (d.Catalogue is null)
        {
            Problem("$.catalogue", "The catalogue is missing; expected an array of entries.");
        }

        var builder = new PolicyBuilder(d.Id ?? string.Empty, province, d.EffectiveFrom ?? default)
            .WithTitle(d.Title ?? string.Empty)
            .WithEffectiveTo(d.EffectiveTo)
            .WithItemCap(d.ItemCap ?? Money.ItemCap)
            .WithFallbackPolicy(d.FallbackPolicy)
            .WithProductsComplete(d.ProductsComplete ?? false)
            .WithResidentRatioProvinceWide(d.ResidentRatioProvinceWide ?? false)
            .WithOutOfProvinceRatioArea(d.OutOfProvinceRatioArea is null ? null : Division(d.OutOfProvinceRatioArea, "$.outOfProvinceRatioArea", Problem))
            .WithCategoryByGenericName(d.CategoryByGenericName ?? false)
            .WithNoMedian(
                d.NoMedian switch
                {
                    null => null,
                    "actualPrice" => NoMedianTreatment.ActualPrice,
                    "selfPay" => NoMedianTreatment.SelfPay,
                    "reject" => NoMedianTreatment.Reject,
                    _ => Invalid<NoMedianTreatment>("$.noMedian", $"'{d.NoMedian}' is not a treatment; expected actualPrice, selfPay or reject.", Problem),
                },
                d.NoMedianReason)
            .WithHongKongMacaoTaiwanOrigin(OriginOf(d.HongKongMacaoTaiwanOrigin, "$.hongKongMacaoTaiwanOrigin", Problem) ?? Origin.Imported)
            .WithAllowClassPrefixEntries(d.AllowClassPrefixEntries ?? false);

        if (d.DefaultEntry is { } de)
        {
            builder.WithDefaultEntry(new DefaultEntry
            {
                Name = string.IsNullOrWhiteSpace(de.Name) ? "defaultEntry" : de.Name,
                Category = Category(de.Category, "$.defaultEntry.category", Problem),
                ValueClass = de.ValueClass switch
                {
                    "high" => ValueClass.High,
                    "low" => ValueClass.Low,
                    "byPrice" => null,
                    _ => Invalid<ValueClass>("$.defaultEntry.valueClass", $"'{de.ValueClass}' is not a value class; expected high, low or byPrice.", Problem),
                },
                HighValueFrom = de.HighValueFrom,
                MaxPaymentLimit = de.MaxPaymentLimit,
            });
        }

        Each(d.Catalogue, "$.catalogue", (e, path) =>
        {
            var (code, level) = EntryKey(e.Code, path + ".code", Problem);
            Required(e.Name, path + ".name", Problem);
            var category = Category(e.Category, path + ".category", Problem);
            var valueClass = e.ValueClass switch
            {
                "high" => ValueClass.High,
                "low" => ValueClass.Low,
                _ => Invalid<ValueClass>(path + ".valueClass", $"'{e.ValueClass}' is not a value class; expected high or low.", Problem),
            };
            Restriction? restriction = null;
            if (e.Restriction is { } r)
            {
                restriction = Restriction(r, path + ".restriction", Problem);
            }

            builder.AddEntry(new CatalogueEntry
            {
                Code = code,
                Level = level,
                Name = e.Name ?? string.Empty,
                Level1Name = e.Level1,
                Level2Name = e.Level2,
                Level3Name = e.Level3,
                MaterialFeature = e.MaterialFeature,
                Category = category,
                ValueClass = valueClass,
                MaxPaymentLimit = e.MaxPaymentLimit,
                Restriction = restriction,
            });
        });

        // The registry can hold hundreds of thousands of products: no path string is built unless a value is bad.
        for (var i = 0; d.Products is not null && i < d.Products.Count; i++)
        {
            var p = d.Products[i];
            ConsumableCode code;
            var byManufacturer = p.Code?.Length == ManufacturerCode.Length;
            if (byManufacturer)
            {
                code = ManufacturerCode.TryParse(p.Code.AsSpan(), out var manufacturer, out var manufacturerError) ? Product.CodeOf(manufacturer) : default;
                if (manufacturerError.Kind != 0)
                {
                    Problem($"$.products[{i}].code", $"'{p.Code}' is not a 20-character classification-and-manufacturer code: {manufacturerError.Message}");
                }
            }
            else if (!ConsumableCode.TryParse(p.Code.AsSpan(), out code))
            {
                code = Consumable(p.Code, $"$.products[{i}].code", Problem);
            }

            var origin = p.Origin switch
            {
                null => null,
                "domestic" => Origin.Domestic,
                "imported" => Origin.Imported,
                _ => OriginOf(p.Origin, $"$.products[{i}].origin", Problem),
            };
            builder.AddProduct(new Product { Code = code, CoversManufacturer = byManufacturer, DeclaredOrigin = origin, Registration = p.Registration, Disabled = p.Disabled ?? false });
        }

        Each(d.Recoding, "$.recoding", (r, path) =>
            builder.AddRecoding(Consumable(r.From, path + ".from", Problem), Consumable(r.To, path + ".to", Problem)));

        Each(d.Procurement, "$.procurement", (g, path) =>
        {
            Required(g.Group, path + ".group", Problem);
            var codes = (g.CatalogueCodes ?? []).Select((c, i) => Catalogue(c, $"{path}.catalogueCodes[{i}]", Problem)).ToImmutableArray();
            var winners = (g.Winners ?? []).Select((w, i) =>
            {
                if (w.Price is null)
                {
                    Problem($"{path}.winners[{i}].price", "The winning price is missing.");
                }

                return new ProcurementWinner(Consumable(w.Product, $"{path}.winners[{i}].product", Problem), w.Price ?? 0m);
            }).ToImmutableArray();
            builder.AddProcurementGroup(new ProcurementGroup { Id = g.Group ?? string.Empty, CatalogueCodes = codes, Winners = winners });
        });

        Each(d.SettlementMedians, "$.settlementMedians", (m, path) =>
        {
            if (m.Median is null || m.From is null || m.To is null)
            {
                Problem(path, "A settlement median needs median, from and to.");
            }

            builder.AddSettlementMedian(new SettlementMedian(Catalogue(m.Code, path + ".code", Problem), m.Median ?? 0m, m.From ?? default, m.To ?? default));
        });

        Each(d.PreSelfPay, "$.preSelfPay", (r, path) =>
        {
            var type = r.Insutype switch
            {
                "310" => InsuranceType.Employee,
                "390" => InsuranceType.Resident,
                _ => Invalid<InsuranceType>(path + ".insutype", $"'{r.Insutype}' is not a basic insurance type; expected \"310\" or \"390\".", Problem),
            };
            var category = Category(r.Category, path + ".category", Problem);
            if (r.Ratio is null)
            {
                Problem(path + ".ratio", "The ratio is missing.");
            }

            builder.AddPreSelfPay(new PreSelfPayRow(type, Division(r.Area, path + ".area", Problem), OriginOf(r.Origin, path + ".origin", Problem), category, r.Ratio ?? 0m, r.MinUnitPrice, r.MaxUnitPrice));
        });

        ReadGenericNames(d.GenericNames, builder, Problem);
        return builder;
    }

    private static PaymentCategory Category(string? text, string path, Action<string, string> problem) => text switch
    {
        "A" => PaymentCategory.A,
        "B" => PaymentCategory.B,
        "C" => PaymentCategory.C,
        _ => Invalid<PaymentCategory>(path, $"'{text}' is not a payment category; expected A, B or C.", problem),
    };

    /// <summary>Reads a restriction; one without a kind keeps the meaning restrictions had before kinds (limitedTo).</summary>
    private static Restriction Restriction(RestrictionDocument r, string path, Action<string, string> problem)
    {
        var kind = r.Kind is null ? RestrictionKind.LimitedTo
            : KindOf(r.Kind) ?? Invalid<RestrictionKind>(path + ".kind", $"'{r.Kind}' is not a restriction kind; expected limitedTo, notTogetherWith, conditions or note.", problem);
        int? Age(decimal? value, string field)
        {
            if (value is not { } years)
            {
                return null;
            }

            if (years != decimal.Truncate(years) || years < 0m || years > 150m)
            {
                problem(path + "." + field, string.Create(CultureInfo.InvariantCulture, $"The age {years} is not a whole number of years from 0 to 150."));
                return null;
            }

            return (int)years;
        }

        var medTypes = new List<MedicalType>();
        for (var i = 0; r.MedTypes is not null && i < r.MedTypes.Count; i++)
        {
            if (r.MedTypes[i] is { Length: > 0 and <= 6 } text && text.All(char.IsAsciiDigit))
            {
                medTypes.Add((MedicalType)int.Parse(text, CultureInfo.InvariantCulture));
            }
            else
            {
                problem(string.Create(CultureInfo.InvariantCulture, $"{path}.medTypes[{i}]"), $"'{r.MedTypes[i]}' is not a med_type code; expected the platform's digits, such as \"21\".");
            }
        }

        return new Restriction
        {
            Text = r.Text ?? string.Empty,
            Kind = kind,
            ServiceItems = [.. r.ServiceItems ?? []],
            MinAge = Age(r.MinAge, "minAge"),
            MaxAge = Age(r.MaxAge, "maxAge"),
            Diagnoses = [.. (r.Diagnoses ?? []).Select(static d => d?.Trim().ToUpperInvariant() ?? string.Empty)],
            MedicalTypes = [.. medTypes],
        };
    }

    /// <summary>Reads NHSA's generic-name table: a number, a name, member codes of 15 or 20 characters; no path string is built unless a value is bad.</summary>
    private static void ReadGenericNames(List<GenericNameDocument>? names, PolicyBuilder builder, Action<string, string> problem)
    {
        for (var i = 0; names is not null && i < names.Count; i++)
        {
            var g = names[i];
            if (!GenericNameNumber.TryParse(g.Number.AsSpan(), out var number, out var numberError))
            {
                problem($"$.genericNames[{i}].number", $"'{g.Number}' is not a 6-digit 医保通用名编号: {numberError.Message}");
            }

            if (string.IsNullOrWhiteSpace(g.Name))
            {
                problem($"$.genericNames[{i}].name", "The value is missing or empty.");
                continue;
            }

            var catalogueCodes = new List<CatalogueCode>();
            var manufacturerCodes = new List<ManufacturerCode>();
            for (var c = 0; g.Codes is not null && c < g.Codes.Count; c++)
            {
                var text = g.Codes[c].AsSpan();
                if (CatalogueCode.TryParse(text, out var catalogueCode))
                {
                    catalogueCodes.Add(catalogueCode);
                }
                else if (ManufacturerCode.TryParse(text, out var manufacturerCode))
                {
                    manufacturerCodes.Add(manufacturerCode);
                }
                else
                {
                    problem($"$.genericNames[{i}].codes[{c}]", $"'{g.Codes[c]}' is neither a 15-character catalogue code nor a 20-character classification-and-manufacturer code.");
                }
            }

            builder.AddGenericName(new GenericName(number, g.Name, catalogueCodes, manufacturerCodes));
        }
    }

    private static void Each<T>(List<T>? items, string path, Action<T, string> read)
    {
        for (var i = 0; items is not null && i < items.Count; i++)
        {
            read(items[i], $"{path}[{i}]");
        }
    }

    private static void Required(string? value, string path, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problem(path, "The value is missing or empty.");
        }
    }

    private static T Invalid<T>(string path, string message, Action<string, string> problem)
        where T : struct
    {
        problem(path, message);
        return default;
    }

    private static AdministrativeDivision Division(string? text, string path, Action<string, string> problem)
    {
        if (AdministrativeDivision.TryParse(text, out var division))
        {
            return division;
        }

        problem(path, $"'{text}' is not an administrative division code; expected 6 digits such as \"141100\".");
        return default;
    }

    private static Origin? OriginOf(string? text, string path, Action<string, string> problem) => text switch
    {
        null => null,
        "domestic" => Origin.Domestic,
        "imported" => Origin.Imported,
        _ => Invalid<Origin>(path, $"'{text}' is not an origin; expected domestic, imported or null.", problem),
    };

    private static CatalogueCode Catalogue(string? text, string path, Action<string, string> problem)
    {
        if (CatalogueCode.TryParse(text.AsSpan(), out var code, out var error))
        {
            return code;
        }

        problem(path, $"'{text}' is not a 15-character catalogue code: {error.Message}");
        return default;
    }

    /// <summary>Reads an entry's key: 6 digits key it by generic-name number, 10 characters by class prefix, anything else is read as a 15-character catalogue code.</summary>
    private static (CatalogueCode Code, CatalogueLevel Level) EntryKey(string? text, string path, Action<string, string> problem)
    {
        if (text?.Length == GenericNameNumber.Length)
        {
            if (GenericNameNumber.TryParse(text.AsSpan(), out var number, out var numberError))
            {
                return (CatalogueEntry.CodeOf(number), CatalogueLevel.GenericNameNumber);
            }

            problem(path, $"'{text}' is not a 6-digit generic-name number (医保通用名编号): {numberError.Message}");
            return (default, CatalogueLevel.GenericNameNumber);
        }

        if (text?.Length != GenericNameClass.Length)
        {
            if (CatalogueCode.TryParse(text.AsSpan(), out var code, out var codeError))
            {
                return (code, CatalogueLevel.CatalogueCode);
            }

            problem(path, $"'{text}' is neither a 15-character catalogue code, a 6-digit generic-name number nor a 10-character class prefix: {codeError.Message}");
            return (default, CatalogueLevel.CatalogueCode);
        }

        if (GenericNameClass.TryParse(text.AsSpan(), out var prefix, out var error))
        {
            return (CatalogueEntry.CodeOf(prefix), CatalogueLevel.ClassPrefix);
        }

        problem(path, $"'{text}' is not a 10-character class prefix: {error.Message}");
        return (default, CatalogueLevel.ClassPrefix);
    }

    private static ConsumableCode Consumable(string? text, string path, Action<string, string> problem)
    {
        if (ConsumableCode.TryParse(text.AsSpan(), out var code, out var error))
        {
            return code;
        }

        problem(path, $"'{text}' is not a 27-character consumable code: {error.Message}");
        return default;
    }
}
