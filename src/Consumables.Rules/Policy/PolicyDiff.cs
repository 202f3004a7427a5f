using System.Globalization;
using System.Text;
using Consumables.Rules.Catalogue;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>What changed from one policy version to another: catalogue entries added, removed and changed (field by field), and pre-self-pay rows added and removed.</summary>
/// <remarks>Immutable. The diff of a policy with itself is empty; <see cref="Invert"/> of A→B equals B→A.</remarks>
public sealed class PolicyDiff
{
    private PolicyDiff(string oldId, string newId, IReadOnlyList<CatalogueEntry> added, IReadOnlyList<CatalogueEntry> removed, IReadOnlyList<EntryChange> changed, IReadOnlyList<PreSelfPayRow> ratiosAdded, IReadOnlyList<PreSelfPayRow> ratiosRemoved)
    {
        OldId = oldId;
        NewId = newId;
        Added = added;
        Removed = removed;
        Changed = changed;
        RatiosAdded = ratiosAdded;
        RatiosRemoved = ratiosRemoved;
    }

    /// <summary>Gets the old version's id.</summary>
    public string OldId { get; }

    /// <summary>Gets the new version's id.</summary>
    public string NewId { get; }

    /// <summary>Gets the entries only the new version lists.</summary>
    public IReadOnlyList<CatalogueEntry> Added { get; }

    /// <summary>Gets the entries only the old version lists.</summary>
    public IReadOnlyList<CatalogueEntry> Removed { get; }

    /// <summary>Gets the entries both list, with different fields.</summary>
    public IReadOnlyList<EntryChange> Changed { get; }

    /// <summary>Gets the pre-self-pay rows only the new version has.</summary>
    public IReadOnlyList<PreSelfPayRow> RatiosAdded { get; }

    /// <summary>Gets the pre-self-pay rows only the old version has.</summary>
    public IReadOnlyList<PreSelfPayRow> RatiosRemoved { get; }

    /// <summary>Gets a value indicating whether nothing changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && RatiosAdded.Count == 0 && RatiosRemoved.Count == 0;

    /// <summary>Compares two versions.</summary>
    /// <param name="old">The old version.</param>
    /// <param name="new">The new version.</param>
    /// <returns>The diff.</returns>
    public static PolicyDiff Compare(PolicyVersion old, PolicyVersion @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        // An entry is keyed by its code and its level: a generic name and a catalogue code are different entries.
        var before = old.Catalogue.ToDictionary(static e => (e.Code, e.Level));
        var after = @new.Catalogue.ToDictionary(static e => (e.Code, e.Level));
        var added = @new.Catalogue.Where(e => !before.ContainsKey((e.Code, e.Level))).OrderBy(static e => e.Code).ThenBy(static e => e.Level).ToList();
        var removed = old.Catalogue.Where(e => !after.ContainsKey((e.Code, e.Level))).OrderBy(static e => e.Code).ThenBy(static e => e.Level).ToList();
        var changed = old.Catalogue
            .Where(e => after.ContainsKey((e.Code, e.Level)))
            .Select(e => new EntryChange(e.Code, Fields(e, after[(e.Code, e.Level)]), e.Level))
            .Where(static c => c.Fields.Count > 0)
            .OrderBy(static c => c.Code)
            .ThenBy(static c => c.Level)
            .ToList();
        var ratiosAdded = @new.PreSelfPay.Rows.Except(old.PreSelfPay.Rows).ToList();
        var ratiosRemoved = old.PreSelfPay.Rows.Except(@new.PreSelfPay.Rows).ToList();
        return new PolicyDiff(old.Id, @new.Id, added, removed, changed, ratiosAdded, ratiosRemoved);
    }

    /// <summary>Returns the diff in the other direction (new → old).</summary>
    /// <returns>The inverted diff.</returns>
    public PolicyDiff Invert() => new(
        NewId,
        OldId,
        Removed,
        Added,
        [.. Changed.Select(static c => c with { Fields = [.. c.Fields.Select(static f => new FieldChange(f.Field, f.New, f.Old))] })],
        RatiosRemoved,
        RatiosAdded);

    /// <summary>Returns the diff as readable text, one line per change.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{OldId} → {NewId}: {Added.Count} added, {Removed.Count} removed, {Changed.Count} changed, {RatiosAdded.Count + RatiosRemoved.Count} ratio row(s) changed\n");
        foreach (var e in Added)
        {
            text.Append(CultureInfo.InvariantCulture, $"+ {e.KeyText()} {e.Name} ({e.Category}, limit {Limit(e.MaxPaymentLimit)})\n");
        }

        foreach (var e in Removed)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {e.KeyText()} {e.Name}\n");
        }

        foreach (var c in Changed)
        {
            foreach (var f in c.Fields)
            {
                text.Append(CultureInfo.InvariantCulture, $"~ {c.KeyText()} {f.Field}: {f.Old ?? "(none)"} → {f.New ?? "(none)"}\n");
            }
        }

        foreach (var r in RatiosAdded)
        {
            text.Append(CultureInfo.InvariantCulture, $"+ ratio {(int)r.InsuranceType} {r.Area} {r.Origin?.ToString() ?? "any"} {r.Category}: {r.Ratio}\n");
        }

        foreach (var r in RatiosRemoved)
        {
            text.Append(CultureInfo.InvariantCulture, $"- ratio {(int)r.InsuranceType} {r.Area} {r.Origin?.ToString() ?? "any"} {r.Category}: {r.Ratio}\n");
        }

        return text.ToString();
    }

    private static string Limit(decimal? limit) => limit?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static List<FieldChange> Fields(CatalogueEntry a, CatalogueEntry b)
    {
        var fields = new List<FieldChange>();
        void Compare(string name, string? x, string? y)
        {
            if (!string.Equals(x, y, StringComparison.Ordinal))
            {
                fields.Add(new FieldChange(name, x, y));
            }
        }

        Compare("name", a.Name, b.Name);
        Compare("category", a.Category.ToString(), b.Category.ToString());
        Compare("valueClass", a.ValueClass.ToString(), b.ValueClass.ToString());
        Compare("maxPaymentLimit", a.MaxPaymentLimit?.ToString(CultureInfo.InvariantCulture), b.MaxPaymentLimit?.ToString(CultureInfo.InvariantCulture));
        Compare("restriction", Restriction(a.Restriction), Restriction(b.Restriction));
        Compare("level1", a.Level1Name, b.Level1Name);
        Compare("level2", a.Level2Name, b.Level2Name);
        Compare("level3", a.Level3Name, b.Level3Name);
        Compare("materialFeature", a.MaterialFeature, b.MaterialFeature);
        return fields;
    }

    private static string? Restriction(Restriction? r) => r is null ? null : $"{r.Text} [{string.Join(", ", r.ServiceItems)}]";
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
