namespace Consumables.Rules.Engine;

/// <summary>Creates the aggregations of multi-valued facts.</summary>
public static class Aggregation
{
    /// <summary>The smallest contribution.</summary>
    /// <typeparam name="T">A comparable value type.</typeparam>
    /// <returns>The aggregation.</returns>
    public static Aggregation<T> Min<T>()
        where T : IComparable<T> => new("min", static (a, b) => b.CompareTo(a) < 0 ? b : a);

    /// <summary>The largest contribution.</summary>
    /// <typeparam name="T">A comparable value type.</typeparam>
    /// <returns>The aggregation.</returns>
    public static Aggregation<T> Max<T>()
        where T : IComparable<T> => new("max", static (a, b) => b.CompareTo(a) > 0 ? b : a);

    /// <summary>A named aggregation with a custom combine function (associative and commutative, so order never matters).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="name">The aggregation's name, as traces show it.</param>
    /// <param name="combine">Combines the value so far with a new contribution.</param>
    /// <returns>The aggregation.</returns>
    public static Aggregation<T> Create<T>(string name, Func<T, T, T> combine) => new(name, combine);
}

/// <summary>How the contributions to an aggregate fact combine: the first contribution is stored, later ones combine with it.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class Aggregation<T>
{
    internal Aggregation(string name, Func<T, T, T> combine)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(combine);
        Name = name;
        Combine = combine;
    }

    /// <summary>Gets the aggregation's name.</summary>
    public string Name { get; }

    /// <summary>Gets the combine function.</summary>
    public Func<T, T, T> Combine { get; }
}
