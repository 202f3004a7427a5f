using System.Collections.Immutable;
using Consumables.Rules.Codes;

namespace Consumables.Rules.Policy;

/// <summary>A volume-based procurement group (集采分组): catalogue codes and their winning products with winning prices (中选价).</summary>
public sealed record ProcurementGroup
{
    /// <summary>Gets the group's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the catalogue codes the group covers.</summary>
    public required ImmutableArray<CatalogueCode> CatalogueCodes { get; init; }

    /// <summary>Gets the winning products.</summary>
    public required ImmutableArray<ProcurementWinner> Winners { get; init; }

    /// <summary>Gets the highest winning price of the group: the limit for its non-winners (0 when it has no winner).</summary>
    public decimal HighestWinningPrice => Winners.IsDefaultOrEmpty ? 0m : Winners.Max(static w => w.Price);

    /// <inheritdoc />
    public bool Equals(ProcurementGroup? other) =>
        other is not null && Id == other.Id && CatalogueCodes.SequenceEqual(other.CatalogueCodes) && Winners.SequenceEqual(other.Winners);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal);
}

/// <summary>A winning product of a procurement group and its winning price.</summary>
/// <param name="Product">The 27-character code of the winning product.</param>
/// <param name="Price">The winning price in yuan.</param>
public sealed record ProcurementWinner(ConsumableCode Product, decimal Price);

/// <summary>How a product stands in volume-based procurement.</summary>
public enum ProcurementMatchKind
{
    /// <summary>Not in any procurement group.</summary>
    None = 0,

    /// <summary>A winning product: paid at its winning price.</summary>
    Winner,

    /// <summary>A non-winner whose catalogue code is in a group: limited to the group's highest winning price.</summary>
    GroupMember,
}

/// <summary>The answer of <see cref="PolicyVersion.FindProcurement"/>: the standing, the price that applies and the group.</summary>
/// <param name="Kind">The standing.</param>
/// <param name="Price">The winning price (winner) or the group's highest winning price (group member); 0 otherwise.</param>
/// <param name="Group">The group, or <see langword="null"/>.</param>
public readonly record struct ProcurementMatch(ProcurementMatchKind Kind, decimal Price, ProcurementGroup? Group);

/// <summary>An NHSA recoding: an old 27-character code and the code that replaces it.</summary>
/// <param name="From">The old code.</param>
/// <param name="To">The new code.</param>
public sealed record Recoding(ConsumableCode From, ConsumableCode To);
