using System.Globalization;

namespace Consumables.Rules.Engine;

/// <summary>
/// Renders fact values in a trace. The default renders with the invariant culture; a domain supplies its own to show
/// values as its users know them (platform codes instead of enum names, money at its scale), without the engine knowing
/// the domain.
/// </summary>
/// <remarks>Implementations must be thread-safe: one formatter serves every trace.</remarks>
public class TraceFormatter
{
    /// <summary>Gets the default formatter: the invariant culture, <c>null</c> for a missing value.</summary>
    public static TraceFormatter Invariant { get; } = new();

    /// <summary>Renders a fact's value.</summary>
    /// <typeparam name="T">The fact's value type.</typeparam>
    /// <param name="fact">The fact the value belongs to.</param>
    /// <param name="value">The value.</param>
    /// <returns>The text a trace shows.</returns>
    public virtual string Format<T>(Fact fact, T value) => value switch
    {
        null => "null",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
