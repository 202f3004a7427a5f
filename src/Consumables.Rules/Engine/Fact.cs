using System.Globalization;
using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>Returns a reference to a fact's slot in the working memory of one evaluation.</summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <typeparam name="T">The fact's value type.</typeparam>
/// <param name="facts">The working memory.</param>
/// <returns>A reference to the slot.</returns>
public delegate ref T FactAccessor<TFacts, T>(ref TFacts facts)
    where TFacts : struct;

/// <summary>How a fact comes to hold a value during an evaluation.</summary>
public enum FactKind
{
    /// <summary>The caller fills it before evaluating; always present.</summary>
    Input = 1,

    /// <summary>Asserted once by a rule: the first rule to assert it (in priority order) wins.</summary>
    Single = 2,

    /// <summary>Asserted by any number of rules and combined with an explicit aggregation (the smallest limit).</summary>
    Aggregate = 3,
}

/// <summary>
/// A named, typed fact that rules read and assert. Declare facts once with <see cref="Input{TFacts, T}"/>,
/// <see cref="Single{TFacts, T}"/> or <see cref="Aggregate{TFacts, T}"/> and share them between rules.
/// </summary>
/// <remarks>Immutable and thread-safe; facts compare by reference.</remarks>
public abstract class Fact
{
    private protected Fact(string name, FactKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Kind = kind;
    }

    /// <summary>Gets the fact's name, as traces show it.</summary>
    public string Name { get; }

    /// <summary>Gets how the fact comes to hold a value.</summary>
    public FactKind Kind { get; }

    /// <summary>Gets the type of the fact's value.</summary>
    public abstract Type ValueType { get; }

    /// <summary>Declares an input fact, filled by the caller before evaluating.</summary>
    /// <typeparam name="TFacts">The working-memory struct.</typeparam>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="name">The fact's name.</param>
    /// <param name="accessor">Returns a reference to the fact's field of the working memory.</param>
    /// <returns>The fact.</returns>
    public static Fact<TFacts, T> Input<TFacts, T>(string name, FactAccessor<TFacts, T> accessor)
        where TFacts : struct => new(name, FactKind.Input, accessor, null);

    /// <summary>Declares a single-valued fact: the first rule to assert it, in priority order, decides it.</summary>
    /// <typeparam name="TFacts">The working-memory struct.</typeparam>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="name">The fact's name.</param>
    /// <param name="accessor">Returns a reference to the fact's field of the working memory.</param>
    /// <returns>The fact.</returns>
    public static Fact<TFacts, T> Single<TFacts, T>(string name, FactAccessor<TFacts, T> accessor)
        where TFacts : struct => new(name, FactKind.Single, accessor, null);

    /// <summary>Declares a multi-valued fact whose contributions are combined by <paramref name="aggregation"/>.</summary>
    /// <typeparam name="TFacts">The working-memory struct.</typeparam>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="name">The fact's name.</param>
    /// <param name="accessor">Returns a reference to the fact's field of the working memory.</param>
    /// <param name="aggregation">How contributions combine (<see cref="Aggregation.Min{T}"/>, …).</param>
    /// <returns>The fact.</returns>
    public static Fact<TFacts, T> Aggregate<TFacts, T>(string name, FactAccessor<TFacts, T> accessor, Aggregation<T> aggregation)
        where TFacts : struct
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        return new(name, FactKind.Aggregate, accessor, aggregation);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind.ToString().ToLowerInvariant()})";

    /// <summary>Renders a value for a trace, with the invariant culture.</summary>
    internal static string Render<T>(T value) => value switch
    {
        null => "null",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>A fact over the working memory <typeparamref name="TFacts"/>, of any value type.</summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
public abstract class Fact<TFacts> : Fact
    where TFacts : struct
{
    private protected Fact(string name, FactKind kind)
        : base(name, kind)
    {
    }

    /// <summary>Renders the fact's current value for a trace.</summary>
    internal abstract string Render(ref TFacts facts, TraceFormatter formatter);

    /// <summary>Gets the slot's byte offset in the working memory, or -1 when read through the accessor.</summary>
    internal abstract nint SlotOffset { get; }

    /// <summary>Gets the slot's size in bytes.</summary>
    internal abstract int SlotSize { get; }

    /// <summary>Gets the name of an aggregate fact's aggregation; <see langword="null"/> for other kinds.</summary>
    internal abstract string? AggregationName { get; }
}

/// <summary>A typed fact: a slot of type <typeparamref name="T"/> in the working memory <typeparamref name="TFacts"/>.</summary>
/// <typeparam name="TFacts">The working-memory struct.</typeparam>
/// <typeparam name="T">The value type.</typeparam>
/// <remarks>
/// Reading a fact costs no delegate call: the slot's byte offset in <typeparamref name="TFacts"/> is measured once from the
/// accessor, and values are read at that offset (falling back to the accessor if it does not point into the struct).
/// </remarks>
public sealed class Fact<TFacts, T> : Fact<TFacts>
    where TFacts : struct
{
    private readonly FactAccessor<TFacts, T> _accessor;
    private readonly nint _offset;

    internal Fact(string name, FactKind kind, FactAccessor<TFacts, T> accessor, Aggregation<T>? aggregation)
        : base(name, kind)
    {
        ArgumentNullException.ThrowIfNull(accessor);
        _accessor = accessor;
        Aggregation = aggregation;
        _offset = MeasureOffset(accessor);
    }

    /// <inheritdoc />
    public override Type ValueType => typeof(T);

    /// <summary>Gets the aggregation of an aggregate fact; <see langword="null"/> for other kinds.</summary>
    public Aggregation<T>? Aggregation { get; }

    /// <summary>Returns a reference to the fact's slot.</summary>
    /// <param name="facts">The working memory.</param>
    /// <returns>The slot.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T Slot(ref TFacts facts) =>
        ref _offset >= 0
            ? ref Unsafe.As<byte, T>(ref Unsafe.AddByteOffset(ref Unsafe.As<TFacts, byte>(ref facts), _offset))
            : ref _accessor(ref facts);

    /// <summary>Gets the slot's byte offset in the working memory, or -1 when read through the accessor.</summary>
    internal nint Offset => _offset;

    internal override string Render(ref TFacts facts, TraceFormatter formatter) => formatter.Format(this, Slot(ref facts));

    internal override nint SlotOffset => _offset;

    internal override int SlotSize => Unsafe.SizeOf<T>();

    internal override string? AggregationName => Aggregation?.Name;

    /// <summary>Measures where the accessor's slot lies in the struct; -1 when it does not lie inside it.</summary>
    private static nint MeasureOffset(FactAccessor<TFacts, T> accessor)
    {
        var probe = default(TFacts);
        ref var start = ref Unsafe.As<TFacts, byte>(ref probe);
        ref var slot = ref Unsafe.As<T, byte>(ref accessor(ref probe));
        var offset = Unsafe.ByteOffset(ref start, ref slot);
        return offset >= 0 && offset + Unsafe.SizeOf<T>() <= Unsafe.SizeOf<TFacts>() ? offset : -1;
    }
}
