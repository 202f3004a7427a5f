using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>Creates the aggregations of multi-valued facts.</summary>
public static class Aggregation
{
    /// <summary>The smallest contribution (for decimals the engine compares inline, with no delegate call).</summary>
    /// <typeparam name="T">A comparable value type.</typeparam>
    /// <returns>The aggregation.</returns>
    public static Aggregation<T> Min<T>()
        where T : IComparable<T> => new("min", static (a, b) => b.CompareTo(a) < 0 ? b : a, AggregationKind.Min);

    /// <summary>The largest contribution (for decimals the engine compares inline, with no delegate call).</summary>
    /// <typeparam name="T">A comparable value type.</typeparam>
    /// <returns>The aggregation.</returns>
    public static Aggregation<T> Max<T>()
        where T : IComparable<T> => new("max", static (a, b) => b.CompareTo(a) > 0 ? b : a, AggregationKind.Max);

    /// <summary>The union of flags: every contribution's bits (warnings raised by several rules).</summary>
    /// <typeparam name="T">A flags enumeration.</typeparam>
    /// <returns>The aggregation.</returns>
    public static Aggregation<T> Union<T>()
        where T : struct, Enum => new("union", static (a, b) => Or(a, b), AggregationKind.Union);

    /// <summary>A named aggregation with a custom combine function (associative and commutative, so order never matters).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="name">The aggregation's name, as traces show it.</param>
    /// <param name="combine">Combines the value so far with a new contribution.</param>
    /// <returns>The aggregation.</returns>
    public static Aggregation<T> Create<T>(string name, Func<T, T, T> combine) => new(name, combine, AggregationKind.Custom);

    private static T Or<T>(T a, T b)
        where T : struct, Enum
    {
        var bits = (Unsafe.SizeOf<T>() switch
        {
            1 => Unsafe.As<T, byte>(ref a) | (ulong)Unsafe.As<T, byte>(ref b),
            2 => Unsafe.As<T, ushort>(ref a) | (ulong)Unsafe.As<T, ushort>(ref b),
            4 => Unsafe.As<T, uint>(ref a) | (ulong)Unsafe.As<T, uint>(ref b),
            _ => Unsafe.As<T, ulong>(ref a) | Unsafe.As<T, ulong>(ref b),
        });
        return Unsafe.As<ulong, T>(ref bits);
    }
}

/// <summary>The aggregations the engine runs inline; <see cref="Custom"/> ones call their delegate.</summary>
internal enum AggregationKind
{
    Custom,
    Min,
    Max,
    Union,
}

/// <summary>How the contributions to an aggregate fact combine: the first contribution is stored, later ones combine with it.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class Aggregation<T>
{
    internal Aggregation(string name, Func<T, T, T> combine, AggregationKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(combine);
        Name = name;
        Combine = combine;
        Kind = kind;
    }

    /// <summary>Gets the aggregation's name.</summary>
    public string Name { get; }

    /// <summary>Gets the combine function.</summary>
    public Func<T, T, T> Combine { get; }

    internal AggregationKind Kind { get; }
}
