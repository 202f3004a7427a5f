using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>
/// What changed from one policy version to another: every field of the policy file, compared over the written form of
/// the two versions, so any field a policy carries is compared (the catalogue, products, recoding, procurement groups and
/// winning prices, settlement medians, pre-self-pay rows, the item cap, the dates, and whatever the format gains).
/// Numbers are compared by value (<c>1000.00</c> equals <c>1000.0</c>); items of a table are matched by their key (a
/// code, a group id, a ratio row's insurance type, area, origin, category and band). Changes that move money come first.
/// </summary>
/// <remarks>Immutable. The diff of a policy with itself is empty; <see cref="Invert"/> of A→B equals B→A.</remarks>
public sealed class PolicyDiff
{
    // Fields that name or describe and never change what a line is paid; every other field, a new one included, moves money.
    private static readonly HashSet<string> Descriptive = new(StringComparer.Ordinal)
    {
        "id", "title", "catalogue.name", "catalogue.level1", "catalogue.level2", "catalogue.level3", "catalogue.materialFeature", "catalogue.restriction.text",
    };

    // The key of each table's items; an unknown table is keyed by the first of KeyCandidates its items all have, else by the whole item.
    private static readonly Dictionary<string, string[]> Keys = new(StringComparer.Ordinal)
    {
        ["catalogue"] = ["code"],
        ["products"] = ["code"],
        ["recoding"] = ["from"],
        ["procurement"] = ["group"],
        ["procurement.winners"] = ["product"],
        ["settlementMedians"] = ["code"],
        ["preSelfPay"] = ["insutype", "area", "origin", "category", "minUnitPrice", "maxUnitPrice"],
        ["genericNames"] = ["number"],
    };

    private static readonly string[] KeyCandidates = ["code", "id", "group", "from", "product"];

    private readonly PolicyVersion _old;
    private readonly PolicyVersion _new;
    private readonly List<string> _sections;

    private PolicyDiff(PolicyVersion old, PolicyVersion @new, List<PolicyChange> changes, List<string> sections, IReadOnlyList<PreSelfPayRow> ratiosAdded, IReadOnlyList<PreSelfPayRow> ratiosRemoved)
    {
        _old = old;
        _new = @new;
        _sections = sections;
        Changes = Order(changes, sections);
        RatiosAdded = ratiosAdded;
        RatiosRemoved = ratiosRemoved;
        Added = Entries(changes, PolicyChangeKind.Added, @new);
        Removed = Entries(changes, PolicyChangeKind.Removed, old);
        // An entry is keyed by its code and its level: a generic name (10 characters) and a catalogue code (15) are different entries.
        Changed = [.. changes
            .Where(static c => c.Section == "catalogue" && c.Field is not null && EntryKey(c.Key) is not null)
            .GroupBy(static c => c.Key!)
            .Select(static g =>
            {
                var (code, level) = EntryKey(g.Key)!.Value;
                return new EntryChange(code, [.. g.Select(static c => new FieldChange(c.Field!, c.Old, c.New))], level);
            })
            .OrderBy(static c => c.Code)
            .ThenBy(static c => c.Level)];
    }

    /// <summary>Gets the old version's id.</summary>
    public string OldId => _old.Id;

    /// <summary>Gets the new version's id.</summary>
    public string NewId => _new.Id;

    /// <summary>Gets every change: those that move money first, then by section, key and field.</summary>
    public IReadOnlyList<PolicyChange> Changes { get; }

    /// <summary>Gets a value indicating whether any change moves money (everything but ids, titles, names and descriptive texts).</summary>
    public bool MovesMoney => Changes.Any(static c => c.MovesMoney);

    /// <summary>Gets the entries only the new version lists.</summary>
    public IReadOnlyList<CatalogueEntry> Added { get; }

    /// <summary>Gets the entries only the old version lists.</summary>
    public IReadOnlyList<CatalogueEntry> Removed { get; }

    /// <summary>Gets the entries both list, with the fields that differ.</summary>
    public IReadOnlyList<EntryChange> Changed { get; }

    /// <summary>Gets the pre-self-pay rows only the new version has (a changed ratio is a row removed and a row added).</summary>
    public IReadOnlyList<PreSelfPayRow> RatiosAdded { get; }

    /// <summary>Gets the pre-self-pay rows only the old version has.</summary>
    public IReadOnlyList<PreSelfPayRow> RatiosRemoved { get; }

    /// <summary>Gets a value indicating whether nothing changed.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>Compares two versions.</summary>
    /// <param name="old">The old version.</param>
    /// <param name="new">The new version.</param>
    /// <returns>The diff.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="old"/> or <paramref name="new"/> is <see langword="null"/>.</exception>
    public static PolicyDiff Compare(PolicyVersion old, PolicyVersion @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        using var before = Written(old);
        using var after = Written(@new);
        var changes = new List<PolicyChange>();
        var sections = new List<string>();
        foreach (var name in Names(before.RootElement, after.RootElement))
        {
            if (name == "format")
            {
                continue;
            }

            sections.Add(name);
            var a = Property(before.RootElement, name);
            var b = Property(after.RootElement, name);
            if (IsTable(a) && IsTable(b) && (a is not null || b is not null))
            {
                Table(name, null, string.Empty, name, a, b, changes);
            }
            else
            {
                Value(name, null, null, name, a, b, changes);
            }
        }

        var ratiosAdded = @new.PreSelfPay.Rows.Except(old.PreSelfPay.Rows).ToList();
        var ratiosRemoved = old.PreSelfPay.Rows.Except(@new.PreSelfPay.Rows).ToList();
        // The format's own field order, whichever version has a field: the same both ways.
        var canonical = Shape.Policy.Keys.ToList();
        sections = [.. sections.OrderBy(n => canonical.IndexOf(n) is var i and >= 0 ? i : int.MaxValue).ThenBy(static n => n, StringComparer.Ordinal)];
        return new PolicyDiff(old, @new, changes, sections, ratiosAdded, ratiosRemoved);
    }

    /// <summary>Returns the diff in the other direction (new → old).</summary>
    /// <returns>The inverted diff.</returns>
    public PolicyDiff Invert() => new(_new, _old, [.. Changes.Select(static c => c.Inverse())], _sections, RatiosRemoved, RatiosAdded);

    /// <summary>Returns the diff as readable text: a summary line, then one line per change, those that move money first.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        var money = Changes.Count(static c => c.MovesMoney);
        if (IsEmpty)
        {
            return $"{OldId} → {NewId}: no changes\n";
        }

        text.Append(CultureInfo.InvariantCulture, $"{OldId} → {NewId}: {Changes.Count} change(s), {money} that move money\n");
        foreach (var section in _sections.Where(s => Changes.Any(c => c.Section == s)))
        {
            var items = Changes.Where(c => c.Section == section && c.Key is not null).ToList();
            var added = items.Count(static c => c.Field is null && c.Kind == PolicyChangeKind.Added);
            var removed = items.Count(static c => c.Field is null && c.Kind == PolicyChangeKind.Removed);
            var changed = items.Where(static c => c.Field is not null).Select(static c => c.Key).Distinct().Count();
            if (items.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {section}: changed\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"  {section}: {added} added, {removed} removed, {changed} changed\n");
            }
        }

        foreach (var change in Changes)
        {
            text.Append(change).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the diff as JSON: the two ids, whether they are equal, and every change with its path and its old and new values as the policy file writes them (codes and areas as strings).</summary>
    /// <param name="utf8Json">The stream to write to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    public void WriteJson(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var json = new Utf8JsonWriter(utf8Json, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("old", OldId);
        json.WriteString("new", NewId);
        json.WriteBoolean("equal", IsEmpty);
        json.WriteBoolean("movesMoney", MovesMoney);
        json.WriteStartArray("changes");
        foreach (var c in Changes)
        {
            json.WriteStartObject();
            json.WriteString("change", c.Kind switch { PolicyChangeKind.Added => "added", PolicyChangeKind.Removed => "removed", _ => "changed" });
            json.WriteString("path", c.Path);
            json.WriteString("section", c.Section);
            Nullable(json, "key", c.Key);
            if (c.Section == "catalogue" && EntryKey(c.Key) is { } entry)
            {
                json.WriteString("level", entry.Level switch
                {
                    CatalogueLevel.ClassPrefix => "classPrefix",
                    CatalogueLevel.GenericNameNumber => "genericNameNumber",
                    _ => "catalogueCode",
                });
            }

            Nullable(json, "field", c.Field);
            Raw(json, "old", c.OldJson);
            Raw(json, "new", c.NewJson);
            json.WriteBoolean("movesMoney", c.MovesMoney);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void Raw(Utf8JsonWriter json, string name, string? raw)
    {
        json.WritePropertyName(name);
        if (raw is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(raw, skipInputValidation: true);
        }
    }

    private static JsonDocument Written(PolicyVersion policy)
    {
        using var stream = new MemoryStream();
        policy.WriteJson(stream);
        stream.Position = 0;
        return JsonDocument.Parse(stream);
    }

    private static List<CatalogueEntry> Entries(IReadOnlyList<PolicyChange> changes, PolicyChangeKind kind, PolicyVersion policy)
    {
        var keys = changes.Where(c => c.Section == "catalogue" && c.Field is null && c.Kind == kind && c.Key is not null).Select(static c => c.Key!).ToHashSet(StringComparer.Ordinal);
        return keys.Count == 0
            ? []
            : [.. policy.Catalogue.Where(e => keys.Contains(e.KeyText())).OrderBy(static e => e.Code).ThenBy(static e => e.Level)];
    }

    /// <summary>Reads a catalogue item's key as the policy file writes it: 15 characters for a catalogue code, 6 digits for a generic-name number, 10 for a class prefix.</summary>
    private static (CatalogueCode Code, CatalogueLevel Level)? EntryKey(string? key)
    {
        if (CatalogueCode.TryParse(key.AsSpan(), out var code))
        {
            return (code, CatalogueLevel.CatalogueCode);
        }

        if (GenericNameNumber.TryParse(key.AsSpan(), out var number))
        {
            return (CatalogueEntry.CodeOf(number), CatalogueLevel.GenericNameNumber);
        }

        return GenericNameClass.TryParse(key.AsSpan(), out var prefix, out _) ? (CatalogueEntry.CodeOf(prefix), CatalogueLevel.ClassPrefix) : null;
    }

    private static List<PolicyChange> Order(List<PolicyChange> changes, List<string> sections) =>
        [.. changes
            .OrderByDescending(static c => c.MovesMoney)
            .ThenBy(c => sections.IndexOf(c.Section))
            .ThenBy(static c => c.Key, StringComparer.Ordinal)
            .ThenBy(static c => c.Field, StringComparer.Ordinal)
            .ThenBy(static c => c.OldJson ?? c.NewJson, StringComparer.Ordinal)];

    private static IEnumerable<string> Names(JsonElement a, JsonElement b) =>
        a.EnumerateObject().Select(static p => p.Name).Concat(b.EnumerateObject().Select(static p => p.Name)).Distinct(StringComparer.Ordinal);

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static bool IsTable(JsonElement? e) => e is null || (e.Value.ValueKind == JsonValueKind.Array && e.Value.EnumerateArray().All(static i => i.ValueKind == JsonValueKind.Object));

    /// <summary>Compares two arrays of objects item by item, matched by key.</summary>
    private static void Table(string section, string? key, string prefix, string schema, JsonElement? a, JsonElement? b, List<PolicyChange> changes)
    {
        var before = Items(a);
        var after = Items(b);
        var keyFields = Keys.TryGetValue(schema, out var known) ? known : KeyCandidates.FirstOrDefault(k => before.Concat(after).All(i => i.TryGetProperty(k, out _))) is { } found ? [found] : [];
        var left = Keyed(before, keyFields);
        var right = Keyed(after, keyFields);
        string? Path(string itemKey) => prefix.Length == 0 ? itemKey : key;
        string? Field(string itemKey) => prefix.Length == 0 ? null : $"{prefix}[{itemKey}]";
        foreach (var (itemKey, item) in left)
        {
            if (!right.TryGetValue(itemKey, out var other))
            {
                changes.Add(Change(PolicyChangeKind.Removed, section, Path(itemKey), Field(itemKey), item.GetRawText(), null, schema));
            }
            else
            {
                Object(section, Path(itemKey), prefix.Length == 0 ? string.Empty : Field(itemKey) + ".", schema, item, other, changes);
            }
        }

        foreach (var (itemKey, item) in right)
        {
            if (!left.ContainsKey(itemKey))
            {
                changes.Add(Change(PolicyChangeKind.Added, section, Path(itemKey), Field(itemKey), null, item.GetRawText(), schema));
            }
        }
    }

    private static List<JsonElement> Items(JsonElement? array) => array is { } a ? [.. a.EnumerateArray()] : [];

    private static Dictionary<string, JsonElement> Keyed(List<JsonElement> items, string[] keyFields)
    {
        var keyed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = keyFields.Length == 0
                ? Compact(item)
                : string.Join(' ', keyFields.Select(f => Property(item, f) is { } v ? Display(v) : "-"));
            var unique = key;
            for (var n = 2; keyed.ContainsKey(unique); n++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{key} #{n}");
            }

            keyed[unique] = item;
        }

        return keyed;
    }

    /// <summary>Compares two objects field by field (<paramref name="prefix"/> names the fields of a nested object).</summary>
    private static void Object(string section, string? key, string prefix, string schema, JsonElement a, JsonElement b, List<PolicyChange> changes)
    {
        foreach (var name in Names(a, b))
        {
            var x = Property(a, name);
            var y = Property(b, name);
            var field = prefix + name;
            var nested = schema + "." + name;
            if (x is { ValueKind: JsonValueKind.Object } xo && y is { ValueKind: JsonValueKind.Object } yo)
            {
                Object(section, key, field + ".", nested, xo, yo, changes);
            }
            else if (x is not { ValueKind: not JsonValueKind.Array } && y is not { ValueKind: not JsonValueKind.Array } && (x is not null || y is not null))
            {
                if (IsTable(x) && IsTable(y) && Items(x).Concat(Items(y)).Any())
                {
                    Table(section, key, field, nested, x, y, changes);
                }
                else
                {
                    Values(section, key, field, nested, x, y, changes);
                }
            }
            else
            {
                Value(section, key, field, nested, x, y, changes);
            }
        }
    }

    /// <summary>Compares two arrays of values as sets: each value only one side has is a change.</summary>
    private static void Values(string section, string? key, string field, string schema, JsonElement? a, JsonElement? b, List<PolicyChange> changes)
    {
        var before = Items(a).Select(Compact).ToList();
        var after = Items(b).Select(Compact).ToList();
        foreach (var value in before.Except(after, StringComparer.Ordinal))
        {
            changes.Add(Change(PolicyChangeKind.Removed, section, key, field, value, null, schema));
        }

        foreach (var value in after.Except(before, StringComparer.Ordinal))
        {
            changes.Add(Change(PolicyChangeKind.Added, section, key, field, null, value, schema));
        }
    }

    private static void Value(string section, string? key, string? field, string schema, JsonElement? a, JsonElement? b, List<PolicyChange> changes)
    {
        if (!Same(a, b))
        {
            changes.Add(Change(PolicyChangeKind.Changed, section, key, field, a?.GetRawText(), b?.GetRawText(), schema));
        }
    }

    private static bool Same(JsonElement? a, JsonElement? b)
    {
        if (a is not { } x || b is not { } y)
        {
            return a is null && b is null;
        }

        if (x.ValueKind == JsonValueKind.Number && y.ValueKind == JsonValueKind.Number && x.TryGetDecimal(out var m) && y.TryGetDecimal(out var n))
        {
            return m == n;
        }

        return x.ValueKind == y.ValueKind && (x.ValueKind switch
        {
            JsonValueKind.String => x.GetString() == y.GetString(),
            JsonValueKind.Array => x.GetArrayLength() == y.GetArrayLength() && x.EnumerateArray().Zip(y.EnumerateArray()).All(static p => Same(p.First, p.Second)),
            JsonValueKind.Object => Names(x, y).All(name => Same(Property(x, name), Property(y, name))),
            JsonValueKind.Number => x.GetRawText() == y.GetRawText(),
            _ => true,
        });
    }

    private static PolicyChange Change(PolicyChangeKind kind, string section, string? key, string? field, string? oldJson, string? newJson, string schema) =>
        new(kind, section, key, field, oldJson, newJson, !Descriptive.Contains(schema));

    private static string Compact(JsonElement element) => element.ValueKind == JsonValueKind.String ? JsonSerializer.Serialize(element.GetString()) : Minify(element);

    private static string Minify(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static string Display(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Null => "(none)",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => Minify(element),
    };
}

/// <summary>Whether a change adds, removes or changes something.</summary>
public enum PolicyChangeKind
{
    /// <summary>Only the new version has it.</summary>
    Added = 1,

    /// <summary>Only the old version has it.</summary>
    Removed,

    /// <summary>Both have it, with different values.</summary>
    Changed,
}

/// <summary>One difference between two policy versions, at a path such as <c>catalogue[C03111608002007].maxPaymentLimit</c>.</summary>
public sealed class PolicyChange
{
    internal PolicyChange(PolicyChangeKind kind, string section, string? key, string? field, string? oldJson, string? newJson, bool movesMoney)
    {
        Kind = kind;
        Section = section;
        Key = key;
        Field = field;
        OldJson = oldJson;
        NewJson = newJson;
        MovesMoney = movesMoney;
    }

    /// <summary>Gets whether something was added, removed or changed.</summary>
    public PolicyChangeKind Kind { get; }

    /// <summary>Gets the policy file's top-level field (<c>catalogue</c>, <c>itemCap</c>, <c>procurement</c>…).</summary>
    public string Section { get; }

    /// <summary>Gets the key of the table item (a code, a group id, a ratio row's insurance type, area, origin, category and band), or <see langword="null"/> for a top-level value.</summary>
    public string? Key { get; }

    /// <summary>Gets the field within the item (<c>maxPaymentLimit</c>, <c>winners[C…].price</c>), or <see langword="null"/> when the whole item or value changed.</summary>
    public string? Field { get; }

    /// <summary>Gets the old value as text (strings without quotes, items as compact JSON), or <see langword="null"/>.</summary>
    public string? Old => OldJson is null ? null : PolicyDiff.Display(JsonDocument.Parse(OldJson).RootElement);

    /// <summary>Gets the new value as text, or <see langword="null"/>.</summary>
    public string? New => NewJson is null ? null : PolicyDiff.Display(JsonDocument.Parse(NewJson).RootElement);

    /// <summary>Gets a value indicating whether the change can change what a line is paid (everything but ids, titles, names and descriptive texts).</summary>
    public bool MovesMoney { get; }

    /// <summary>Gets the path: section, [key], .field.</summary>
    public string Path => Section + (Key is null ? string.Empty : $"[{Key}]") + (Field is null ? string.Empty : (Field.StartsWith('[') ? Field : "." + Field));

    internal string? OldJson { get; }

    internal string? NewJson { get; }

    /// <summary>Returns the change as one line: <c>+ path: new</c>, <c>- path: old</c> or <c>~ path: old → new</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => Kind switch
    {
        PolicyChangeKind.Added => $"+ {Path}: {New}",
        PolicyChangeKind.Removed => $"- {Path}: {Old}",
        _ => $"~ {Path}: {Old ?? "(none)"} → {New ?? "(none)"}",
    };

    internal PolicyChange Inverse() => new(
        Kind switch { PolicyChangeKind.Added => PolicyChangeKind.Removed, PolicyChangeKind.Removed => PolicyChangeKind.Added, _ => Kind },
        Section,
        Key,
        Field,
        NewJson,
        OldJson,
        MovesMoney);
}

/// <summary>A catalogue entry both versions list, with the fields that differ.</summary>
/// <param name="Code">The catalogue code (for an entry keyed by generic name, its code followed by <c>00000</c>).</param>
/// <param name="Fields">The fields that differ.</param>
/// <param name="Level">The level the entry is keyed at.</param>
public sealed record EntryChange(CatalogueCode Code, IReadOnlyList<FieldChange> Fields, CatalogueLevel Level = CatalogueLevel.CatalogueCode)
{
    /// <summary>Returns the entry's key as the policy file writes it: 10 characters for a generic name, else 15.</summary>
    internal string KeyText() => CatalogueEntry.KeyText(Code, Level);
}

/// <summary>One field of an entry that differs between two versions.</summary>
/// <param name="Field">The field's name in the policy file.</param>
/// <param name="Old">The old value, or <see langword="null"/>.</param>
/// <param name="New">The new value, or <see langword="null"/>.</param>
public sealed record FieldChange(string Field, string? Old, string? New);
