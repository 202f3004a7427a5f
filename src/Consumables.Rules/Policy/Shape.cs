using System.Text.Json;

namespace Consumables.Rules.Policy;

/// <summary>
/// The shape of a <c>consumables-policy/1</c> document: which fields each object may have and of which JSON type. Checking
/// it first lets a load report every unknown field, duplicate field and wrong type at once, each with its path.
/// </summary>
internal static class Shape
{
    internal enum Kind
    {
        String,
        Number,
        Boolean,
        Date,
        Strings,
        Object,
        Objects,
    }

    internal sealed record Field(Kind Kind, bool Nullable = true, IReadOnlyDictionary<string, Field>? Of = null);

    private static readonly Dictionary<string, Field> Restriction = new()
    {
        ["kind"] = new(Kind.String), ["text"] = new(Kind.String), ["serviceItems"] = new(Kind.Strings),
        ["minAge"] = new(Kind.Number), ["maxAge"] = new(Kind.Number), ["diagnoses"] = new(Kind.Strings), ["medTypes"] = new(Kind.Strings),
    };

    private static readonly Dictionary<string, Field> DefaultEntry = new()
    {
        ["name"] = new(Kind.String), ["category"] = new(Kind.String), ["valueClass"] = new(Kind.String),
        ["highValueFrom"] = new(Kind.Number), ["maxPaymentLimit"] = new(Kind.Number),
    };

    private static readonly Dictionary<string, Field> Entry = new()
    {
        ["code"] = new(Kind.String), ["name"] = new(Kind.String), ["level1"] = new(Kind.String), ["level2"] = new(Kind.String),
        ["level3"] = new(Kind.String), ["materialFeature"] = new(Kind.String), ["category"] = new(Kind.String),
        ["valueClass"] = new(Kind.String), ["maxPaymentLimit"] = new(Kind.Number), ["restriction"] = new(Kind.Object, Of: Restriction),
    };

    private static readonly Dictionary<string, Field> Product = new()
    {
        ["code"] = new(Kind.String), ["origin"] = new(Kind.String), ["registration"] = new(Kind.String), ["disabled"] = new(Kind.Boolean),
    };

    private static readonly Dictionary<string, Field> Recoding = new() { ["from"] = new(Kind.String), ["to"] = new(Kind.String) };

    private static readonly Dictionary<string, Field> Winner = new() { ["product"] = new(Kind.String), ["price"] = new(Kind.Number) };

    private static readonly Dictionary<string, Field> Group = new()
    {
        ["group"] = new(Kind.String), ["catalogueCodes"] = new(Kind.Strings), ["winners"] = new(Kind.Objects, Of: Winner),
    };

    private static readonly Dictionary<string, Field> Median = new()
    {
        ["code"] = new(Kind.String), ["median"] = new(Kind.Number), ["from"] = new(Kind.Date), ["to"] = new(Kind.Date),
    };

    private static readonly Dictionary<string, Field> Row = new()
    {
        ["insutype"] = new(Kind.String), ["area"] = new(Kind.String), ["origin"] = new(Kind.String), ["category"] = new(Kind.String),
        ["ratio"] = new(Kind.Number), ["minUnitPrice"] = new(Kind.Number), ["maxUnitPrice"] = new(Kind.Number),
    };

    private static readonly Dictionary<string, Field> GenericName = new()
    {
        ["number"] = new(Kind.String), ["name"] = new(Kind.String), ["codes"] = new(Kind.Strings),
    };

    internal static readonly Dictionary<string, Field> Policy = new()
    {
        ["format"] = new(Kind.String), ["id"] = new(Kind.String), ["title"] = new(Kind.String), ["province"] = new(Kind.String),
        ["effectiveFrom"] = new(Kind.Date), ["effectiveTo"] = new(Kind.Date), ["itemCap"] = new(Kind.Number),
        ["fallbackPolicy"] = new(Kind.String), ["productsComplete"] = new(Kind.Boolean), ["residentRatioProvinceWide"] = new(Kind.Boolean),
        ["outOfProvinceRatioArea"] = new(Kind.String),
        ["noMedian"] = new(Kind.String), ["noMedianReason"] = new(Kind.String), ["hongKongMacaoTaiwanOrigin"] = new(Kind.String),
        ["defaultEntry"] = new(Kind.Object, Of: DefaultEntry),
        ["categoryByGenericName"] = new(Kind.Boolean), ["allowClassPrefixEntries"] = new(Kind.Boolean),
        ["genericNames"] = new(Kind.Objects, Of: GenericName),
        ["catalogue"] = new(Kind.Objects, Of: Entry), ["products"] = new(Kind.Objects, Of: Product),
        ["recoding"] = new(Kind.Objects, Of: Recoding), ["procurement"] = new(Kind.Objects, Of: Group),
        ["settlementMedians"] = new(Kind.Objects, Of: Median), ["preSelfPay"] = new(Kind.Objects, Of: Row),
    };

    internal static void Check(JsonElement element, IReadOnlyDictionary<string, Field> fields, string path, List<PolicyProblem> problems) =>
        Check(element, fields, path, -1, problems);

    /// <summary>
    /// Writes the document without what its shape check reported (unknown and repeated fields, values of the wrong type; an
    /// array item that is not an object becomes an empty one), so its content can still be validated and every problem
    /// reported in one pass.
    /// </summary>
    internal static byte[] Sanitize(JsonElement element, IReadOnlyDictionary<string, Field> fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteObject(element, fields, writer);
        }

        return stream.ToArray();
    }

    private static void WriteObject(JsonElement element, IReadOnlyDictionary<string, Field> fields, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (element.ValueKind == JsonValueKind.Object)
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!fields.TryGetValue(property.Name, out var field) || !written.Add(property.Name) || !Fits(property.Value, field))
                {
                    continue;
                }

                writer.WritePropertyName(property.Name);
                switch (field.Kind)
                {
                    case Kind.Object when property.Value.ValueKind == JsonValueKind.Object:
                        WriteObject(property.Value, field.Of!, writer);
                        break;
                    case Kind.Objects when property.Value.ValueKind == JsonValueKind.Array:
                        writer.WriteStartArray();
                        foreach (var item in property.Value.EnumerateArray())
                        {
                            WriteObject(item, field.Of!, writer);
                        }

                        writer.WriteEndArray();
                        break;
                    case Kind.Strings when property.Value.ValueKind == JsonValueKind.Array:
                        writer.WriteStartArray();
                        foreach (var item in property.Value.EnumerateArray().Where(static i => i.ValueKind == JsonValueKind.String))
                        {
                            item.WriteTo(writer);
                        }

                        writer.WriteEndArray();
                        break;
                    default:
                        property.Value.WriteTo(writer);
                        break;
                }
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Says whether a value has the type its field expects (null always fits).</summary>
    private static bool Fits(JsonElement value, Field field) => value.ValueKind == JsonValueKind.Null || field.Kind switch
    {
        Kind.String => value.ValueKind == JsonValueKind.String,
        Kind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        Kind.Number => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _),
        Kind.Date => value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", out _),
        Kind.Strings or Kind.Objects => value.ValueKind == JsonValueKind.Array,
        Kind.Object => value.ValueKind == JsonValueKind.Object,
        _ => false,
    };

    /// <summary>Checks one object. Its path is <paramref name="path"/>, or <c>path[index]</c> for an array item: built only for a problem, so a large valid file costs no path strings.</summary>
    private static void Check(JsonElement element, IReadOnlyDictionary<string, Field> fields, string path, int index, List<PolicyProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(At(path, index), $"Expected an object; found {Describe(element.ValueKind)}."));
            return;
        }

        var names = Names(fields);
        ulong seen = 0;
        foreach (var property in element.EnumerateObject())
        {
            var known = -1;
            for (var i = 0; i < names.Length; i++)
            {
                if (property.NameEquals(names[i]))
                {
                    known = i;
                    break;
                }
            }

            if (known < 0)
            {
                problems.Add(new($"{At(path, index)}.{property.Name}", $"Unknown field '{property.Name}'; the format's fields are fixed."));
                continue;
            }

            if ((seen & (1UL << known)) != 0)
            {
                problems.Add(new($"{At(path, index)}.{property.Name}", $"The field '{property.Name}' appears twice."));
                continue;
            }

            seen |= 1UL << known;
            CheckValue(property.Value, fields[names[known]], path, index, names[known], problems);
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyDictionary<string, Field>, string[]> NameCache = new();

    private static string[] Names(IReadOnlyDictionary<string, Field> fields) => NameCache.GetValue(fields, static f => [.. f.Keys]);

    private static string At(string path, int index) => index < 0 ? path : $"{path}[{index}]";

    private static void CheckValue(JsonElement value, Field field, string parent, int index, string name, List<PolicyProblem> problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        string Path() => $"{At(parent, index)}.{name}";
        switch (field.Kind)
        {
            case Kind.String when value.ValueKind != JsonValueKind.String:
                problems.Add(new(Path(), $"Expected a string; found {Describe(value.ValueKind)}."));
                break;
            case Kind.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False):
                problems.Add(new(Path(), $"Expected true or false; found {Describe(value.ValueKind)}."));
                break;
            case Kind.Number when value.ValueKind != JsonValueKind.Number:
                problems.Add(new(Path(), $"Expected a number; found {Describe(value.ValueKind)}."));
                break;
            case Kind.Number when !value.TryGetDecimal(out _):
                problems.Add(new(Path(), $"The number {value.GetRawText()} is beyond the decimal range."));
                break;
            case Kind.Date when value.ValueKind != JsonValueKind.String || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", out _):
                problems.Add(new(Path(), $"Expected a date yyyy-MM-dd; found {value.GetRawText()}."));
                break;
            case Kind.Strings when value.ValueKind != JsonValueKind.Array:
                problems.Add(new(Path(), $"Expected an array; found {Describe(value.ValueKind)}."));
                break;
            case Kind.Strings:
                var s = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        problems.Add(new($"{Path()}[{s}]", $"Expected a string; found {Describe(item.ValueKind)}."));
                    }

                    s++;
                }

                break;
            case Kind.Object:
                Check(value, field.Of!, Path(), -1, problems);
                break;
            case Kind.Objects when value.ValueKind != JsonValueKind.Array:
                problems.Add(new(Path(), $"Expected an array; found {Describe(value.ValueKind)}."));
                break;
            case Kind.Objects:
                var arrayPath = Path();
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, field.Of!, arrayPath, i++, problems);
                }

                break;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
