using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>Which facts hold a value, one bit per fact index (at most <see cref="Capacity"/> facts per rule set).</summary>
internal struct FactMask
{
    internal const int Capacity = 128;

    private ulong _low;
    private ulong _high;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly bool Has(int index) => index < 64 ? (_low & (1UL << index)) != 0 : (_high & (1UL << (index - 64))) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Set(int index)
    {
        if (index < 64)
        {
            _low |= 1UL << index;
        }
        else
        {
            _high |= 1UL << (index - 64);
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
}
