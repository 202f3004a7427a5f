using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>Which facts hold a value, one bit per fact index (at most <see cref="Capacity"/> facts per rule set).</summary>
internal struct FactMask
{
    internal const int Capacity = 128;

    private ulong _low;
    private ulong _high;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly bool Has(int index) => unchecked(index < 64 ? (_low & (1UL << index)) != 0 : (_high & (1UL << (index - 64))) != 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Set(int index)
    {
        if (index < 64)
        {
            _low |= 1UL << index;
        }
        else
        {
            _high |= 1UL << unchecked(index - 64);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Or(in FactMask other)
    {
        _low |= other._low;
        _high |= other._high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly bool Overlaps(in FactMask other) => (_low & other._low) != 0 || (_high & other._high) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly bool Overlaps(ulong low, ulong high) => ((_low & low) | (_high & high)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Or(ulong low, ulong high)
    {
        _low |= low;
        _high |= high;
    }

    /// <summary>Gets the bits of facts 0 to 63.</summary>
    internal readonly ulong Low => _low;

    /// <summary>Gets the bits of facts 64 to 127.</summary>
    internal readonly ulong High => _high;

    /// <summary>Makes a mask from its two halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FactMask From(ulong low, ulong high) => new() { _low = low, _high = high };

    /// <summary>Makes a mask from an instruction's sixteen bytes.</summary>
    internal static FactMask From(Bits16 bits) => new() { _low = bits.Low, _high = bits.High };

    /// <summary>Gets a mask holding every fact.</summary>
    internal static FactMask All => new() { _low = ulong.MaxValue, _high = ulong.MaxValue };

    /// <summary>Returns the facts in both masks.</summary>
    internal readonly FactMask And(in FactMask other) => new() { _low = _low & other._low, _high = _high & other._high };

    internal readonly bool IsEmpty => (_low | _high) == 0;

    /// <summary>Gets the mask as an instruction's sixteen bytes.</summary>
    internal readonly Bits16 Bits => new() { Low = _low, High = _high };
}
