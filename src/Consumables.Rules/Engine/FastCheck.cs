using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>
/// A condition "fact equals (or differs from) a constant" on a small fact of a primitive or enum type, compiled to a
/// compare of its bytes at their offset in the working memory: no virtual call, no delegate. Most pricing conditions are
/// of this form, which is what keeps the engine close to hand-written code.
/// </summary>
internal readonly struct FastCheck(nint offset, int size, ulong expected, bool negate)
{
    internal nint Offset => offset;

    internal int Size => size;

    internal ulong Expected => expected;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Test(ref byte facts)
    {
        ref var at = ref Unsafe.AddByteOffset(ref facts, offset);
        var value = size switch
        {
            1 => at,
            2 => Unsafe.ReadUnaligned<ushort>(ref at),
            4 => Unsafe.ReadUnaligned<uint>(ref at),
            _ => Unsafe.ReadUnaligned<ulong>(ref at),
        };
        return (value == expected) != negate;
    }

    /// <summary>Creates the check when the fact's type compares by its bits (bool, integers, char, enums) and its slot lies in the struct.</summary>
    internal static bool TryCreate<TFacts, T>(Fact<TFacts, T> fact, T value, bool negate, out FastCheck check)
        where TFacts : struct
    {
        check = default;
        var type = typeof(T);
        var bitwise = type.IsEnum || type == typeof(bool) || type == typeof(char) || type == typeof(byte) || type == typeof(sbyte)
            || type == typeof(short) || type == typeof(ushort) || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong);
        var size = Unsafe.SizeOf<T>();
        if (!bitwise || fact.Offset < 0 || size is not (1 or 2 or 4 or 8))
        {
            return false;
        }

        ulong expected = size switch
        {
            1 => Unsafe.As<T, byte>(ref value),
            2 => Unsafe.As<T, ushort>(ref value),
            4 => Unsafe.As<T, uint>(ref value),
            _ => Unsafe.As<T, ulong>(ref value),
        };
        check = new FastCheck(fact.Offset, size, expected, negate);
        return true;
    }
}

/// <summary>A constant assertion of a small single fact, compiled to a write of its bytes: no virtual call.</summary>
internal readonly struct FastWrite(nint offset, int size, ulong value)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Write(ref byte facts)
    {
        ref var at = ref Unsafe.AddByteOffset(ref facts, offset);
        switch (size)
        {
            case 1: at = (byte)value; break;
            case 2: Unsafe.WriteUnaligned(ref at, (ushort)value); break;
            case 4: Unsafe.WriteUnaligned(ref at, (uint)value); break;
            default: Unsafe.WriteUnaligned(ref at, value); break;
        }
    }

    internal static bool TryCreate<TFacts, T>(Fact<TFacts, T> fact, T value, out FastWrite write)
        where TFacts : struct
    {
        write = default;
        if (fact.Kind != FactKind.Single || !FastCheck.TryCreate(fact, value, negate: false, out var check))
        {
            return false;
        }

        write = new FastWrite(check.Offset, check.Size, check.Expected);
        return true;
    }
}
