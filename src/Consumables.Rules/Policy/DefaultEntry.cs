using Consumables.Rules.Catalogue;

namespace Consumables.Rules.Policy;

/// <summary>
/// The entry a policy applies to codes its catalogue does not list (<c>defaultEntry</c>): a payment category, a value class
/// (fixed, or by the line's unit price from a threshold) and an optional maximum payment limit. A fallback policy states
/// the previous policy (原有政策) with it as rules rather than as a list; its ratio rows by price band give the banded
/// pre-self-pay. A line priced through it carries the warning <c>default-entry</c>.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record DefaultEntry
{
    /// <summary>Gets the name shown for the entry (for example 原有政策).</summary>
    public string Name { get; init; } = "defaultEntry";

    /// <summary>Gets the payment category of every code it prices.</summary>
    public required PaymentCategory Category { get; init; }

    /// <summary>Gets the value class, or <see langword="null"/> to set it by price (<see cref="HighValueFrom"/>).</summary>
    public ValueClass? ValueClass { get; init; }

    /// <summary>Gets the unit price from which a line is high-value (高值) when the value class is set by price (<c>byPrice</c>); below it, low-value.</summary>
    public decimal? HighValueFrom { get; init; }

    /// <summary>Gets the maximum payment limit per unit in yuan, if any.</summary>
    public decimal? MaxPaymentLimit { get; init; }

    /// <summary>Returns the value class of a line at a unit price.</summary>
    /// <param name="unitPrice">The line's actual unit price.</param>
    /// <returns>The fixed value class, else high at or above <see cref="HighValueFrom"/>, low below it.</returns>
    public ValueClass ValueClassAt(decimal unitPrice) =>
        ValueClass ?? (HighValueFrom is { } from && unitPrice >= from ? Catalogue.ValueClass.High : Catalogue.ValueClass.Low);
}
