using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>What one instruction of a <see cref="RuleProgram{TFacts}"/> does.</summary>
/// <remarks>A test goes to <see cref="Instruction.Jump"/> when it holds, else to <see cref="Instruction.Next"/>.</remarks>
internal enum OpCode : byte
{
    /// <summary>The evaluation is over.</summary>
    End,

    /// <summary>Holds when one of the rule's single targets (the facts of <see cref="Instruction.Value"/>) is already decided.</summary>
    SkipIfDecided,

    /// <summary>Holds when the 1-, 2-, 4- or 8-byte value at the offset equals the constant.</summary>
    Equal1,
    Equal2,
    Equal4,
    Equal8,

    /// <summary>Holds when the 1-, 2-, 4- or 8-byte value at the offset differs from the constant.</summary>
    NotEqual1,
    NotEqual2,
    NotEqual4,
    NotEqual8,

    /// <summary>Holds when the fact of <see cref="Instruction.Bit"/> is (or, for the second, is not) asserted.</summary>
    Asserted,
    NotAsserted,

    /// <summary>Holds when the decimal at the offset compares to the constant as named.</summary>
    DecimalEqual,
    DecimalNotEqual,
    DecimalLess,
    DecimalLessOrEqual,
    DecimalGreater,
    DecimalGreaterOrEqual,

    /// <summary>Holds when the decimal at the offset is zero, not zero, below zero, not below, above zero, not above (sign tests on its bits).</summary>
    DecimalZero,
    DecimalNotZero,
    DecimalNegative,
    DecimalNotNegative,
    DecimalPositive,
    DecimalNotPositive,

    /// <summary>Holds when the condition of <see cref="Instruction.Index"/> holds (a delegate or other virtual test).</summary>
    Condition,

    /// <summary>Store a constant of 1, 2, 4, 8 or 16 bytes at the offset.</summary>
    Write1,
    Write2,
    Write4,
    Write8,
    Write16,

    /// <summary>Copy 1, 2, 4, 8 or 16 bytes from the source offset to the offset.</summary>
    Copy1,
    Copy2,
    Copy4,
    Copy8,
    Copy16,

    /// <summary>Contribute the decimal at the source offset (or the constant) to a min or max aggregate.</summary>
    MinDecimal,
    MaxDecimal,
    MinDecimalConstant,
    MaxDecimalConstant,

    /// <summary>Contribute a constant of 1, 2, 4 or 8 bytes to a bitwise-or (union) aggregate.</summary>
    Or1,
    Or2,
    Or4,
    Or8,

    /// <summary>Run the action of <see cref="Instruction.Index"/> (a delegate or other virtual action).</summary>
    Action,

    /// <summary>The rule fired and halts the evaluation.</summary>
    FireAndHalt,

    /// <summary>Run the byte and sign tests of links [<see cref="Instruction.Index"/>, +<see cref="Instruction.Bit"/>) in turn: the first that holds jumps; when none does, go on.</summary>
    Chain,

    /// <summary>Find the keyed rules matching the key of group <see cref="Instruction.Index"/> by hash and run them.</summary>
    Group,

    /// <summary>Return from a keyed group's rules to the instruction after the group.</summary>
    Return,
}

/// <summary>Sixteen bytes holding a constant (a decimal, two longs) or a fact mask.</summary>
internal struct Bits16
{
    internal ulong Low;
    internal ulong High;

    internal static Bits16 From<T>(T value)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() || Unsafe.SizeOf<T>() > 16)
        {
            throw new InvalidOperationException($"A {typeof(T).Name} does not fit an instruction's constant.");
        }

        var bits = default(Bits16);
        Unsafe.As<Bits16, T>(ref bits) = value;
        return bits;
    }

    internal readonly bool Covers(in Bits16 other) => (Low & other.Low) == other.Low && (High & other.High) == other.High;
}

/// <summary>
/// One instruction of a compiled rule program: a test (go to <see cref="Jump"/> when it holds, else to <see cref="Next"/>),
/// an assertion (then <see cref="Next"/>; the last assertion of a rule also marks the rule fired), or the bookkeeping of
/// a halting rule. Instructions hold byte offsets into the working memory and their constants inline, so most run with
/// no call at all.
/// </summary>
internal struct Instruction
{
    internal OpCode Code;

    /// <summary>Whether the rule fired once this assertion is made: its targets join the mask and the count goes up.</summary>
    internal bool Fires;

    /// <summary>Where a test goes when it holds.</summary>
    internal int Jump;

    /// <summary>Where a test goes when it does not hold, and where every other instruction goes next.</summary>
    internal int Next;

    /// <summary>The condition, action, rule or group the instruction refers to.</summary>
    internal int Index;

    /// <summary>The fact index of an assertion test or an aggregate target.</summary>
    internal int Bit;

    /// <summary>The byte offset of the fact read or written.</summary>
    internal nint Offset;

    /// <summary>The byte offset of the fact copied from.</summary>
    internal nint Source;

    /// <summary>The constant, or the fact mask of <see cref="OpCode.SkipIfDecided"/>.</summary>
    internal Bits16 Value;

    /// <summary>The facts a firing rule asserts (with <see cref="Fires"/> and <see cref="OpCode.FireAndHalt"/>).</summary>
    internal Bits16 Mask;

    /// <summary>Gets a value indicating whether the instruction is a pure test of memory or mask (not a delegate).</summary>
    internal readonly bool IsTest => Code is >= OpCode.Equal1 and <= OpCode.DecimalNotPositive;

    /// <summary>Gets a value indicating whether the instruction compares 1, 2, 4 or 8 bytes with a constant.</summary>
    internal readonly bool IsByteTest => Code is >= OpCode.Equal1 and <= OpCode.NotEqual8;

    /// <summary>Gets a value indicating whether the instruction compares a decimal with a constant (<see cref="OpCode.DecimalEqual"/> … <see cref="OpCode.DecimalNotPositive"/>).</summary>
    internal readonly bool IsDecimalTest => Code is >= OpCode.DecimalEqual and <= OpCode.DecimalNotPositive;

    /// <summary>Gets a value indicating whether the instruction tests a decimal's sign (<see cref="OpCode.DecimalZero"/> and the like).</summary>
    internal readonly bool IsSignTest => Code is >= OpCode.DecimalZero and <= OpCode.DecimalNotPositive;

    /// <summary>Gets a value indicating whether a chain can run the test (byte tests and sign tests).</summary>
    internal readonly bool Chains => IsByteTest || IsSignTest;

    /// <summary>Gets the number of bytes a byte test compares.</summary>
    internal readonly int ByteSize => 1 << ((Code - OpCode.Equal1) & 3);

    /// <summary>Says whether two pure tests test the same thing (then one failing means the other fails too).</summary>
    internal readonly bool SameTest(in Instruction other) =>
        IsTest && Code == other.Code && Offset == other.Offset && Bit == other.Bit && Value.Low == other.Value.Low && Value.High == other.Value.High;
}

/// <summary>Turns facts, constants and conditions into instructions when their types allow it.</summary>
internal static class Lowering
{
    /// <summary>Says whether <typeparamref name="T"/> compares by its bits (bool, integers, char, enums).</summary>
    internal static bool ComparesByBits<T>()
    {
        var type = typeof(T);
        return (type.IsEnum || type == typeof(bool) || type == typeof(char) || type == typeof(byte) || type == typeof(sbyte)
            || type == typeof(short) || type == typeof(ushort) || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong))
            && Unsafe.SizeOf<T>() is 1 or 2 or 4 or 8;
    }

    /// <summary>Says whether a value of <typeparamref name="T"/> can be moved as plain bytes of a size the program knows.</summary>
    internal static bool MovesAsBytes<T>() => !RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() is 1 or 2 or 4 or 8 or 16;

    /// <summary>An equality test of a bitwise fact against a constant.</summary>
    internal static bool TryEquality<TFacts, T>(Fact<TFacts, T> fact, T value, bool negate, out Instruction instruction)
        where TFacts : struct
    {
        instruction = default;
        if (fact.Offset < 0)
        {
            return false;
        }

        if (typeof(T) == typeof(decimal))
        {
            instruction = DecimalTest(negate ? OpCode.DecimalNotEqual : OpCode.DecimalEqual, fact.Offset, Unsafe.As<T, decimal>(ref value));
            return true;
        }

        if (!ComparesByBits<T>())
        {
            return false;
        }

        instruction = new Instruction { Code = (negate ? OpCode.NotEqual1 : OpCode.Equal1) + SizeStep<T>(), Offset = fact.Offset, Value = Bits16.From(value) };
        return true;
    }

    /// <summary>
    /// A decimal compared with a constant; against zero, a test of the decimal's sign and magnitude bits (no decimal
    /// arithmetic) when the runtime lays decimals out as expected.
    /// </summary>
    internal static Instruction DecimalTest(OpCode comparison, nint offset, decimal constant)
    {
        var code = constant != 0m || !DecimalLayoutKnown ? comparison : comparison switch
        {
            OpCode.DecimalEqual => OpCode.DecimalZero,
            OpCode.DecimalNotEqual => OpCode.DecimalNotZero,
            OpCode.DecimalLess => OpCode.DecimalNegative,
            OpCode.DecimalGreaterOrEqual => OpCode.DecimalNotNegative,
            OpCode.DecimalGreater => OpCode.DecimalPositive,
            _ => OpCode.DecimalNotPositive,
        };
        return new Instruction { Code = code, Offset = offset, Value = code == comparison ? Bits16.From(constant) : default };
    }

    /// <summary>Says whether the decimal at <paramref name="at"/> is zero: its 96-bit magnitude is (whatever its sign and scale).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsZero(ref byte at) => ((Unsafe.ReadUnaligned<ulong>(ref at) >> 32) | Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, 8))) == 0;

    /// <summary>Says whether the decimal at <paramref name="at"/> has its sign bit set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool SignSet(ref byte at) => Unsafe.ReadUnaligned<int>(ref at) < 0;

    /// <summary>Runs a sign test (<see cref="OpCode.DecimalZero"/> … <see cref="OpCode.DecimalNotPositive"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool SignTest(OpCode code, ref byte at)
    {
        var zero = IsZero(ref at);
        var holds = ((code - OpCode.DecimalZero) >> 1) switch
        {
            0 => zero,
            1 => !zero && SignSet(ref at),
            _ => !zero && !SignSet(ref at),
        };
        return holds != (((code - OpCode.DecimalZero) & 1) == 1);
    }

    /// <summary>Whether a decimal's first four bytes are its flags (sign in the top bit) and the magnitude lies in the next twelve; checked once.</summary>
    internal static readonly bool DecimalLayoutKnown = ProbeDecimalLayout();

    private static bool ProbeDecimalLayout()
    {
        static (uint Flags, uint High, ulong Low) Bits(decimal value) =>
            (Unsafe.As<decimal, uint>(ref value), Unsafe.Add(ref Unsafe.As<decimal, uint>(ref value), 1), Unsafe.Add(ref Unsafe.As<decimal, ulong>(ref value), 1));
        return Bits(-1m) == (0x8000_0000u, 0u, 1ul) && Bits(0.01m) == (0x0002_0000u, 0u, 1ul) && Bits(-0m).High == 0 && Bits(-0m).Low == 0
            && Bits(decimal.MaxValue) == (0u, uint.MaxValue, ulong.MaxValue);
    }

    /// <summary>Stores a constant in a single fact, or contributes it to a min/max/union aggregate.</summary>
    internal static bool TryAssertConstant<TFacts, T>(Fact<TFacts, T> target, int bit, T value, out Instruction instruction)
        where TFacts : struct
    {
        instruction = default;
        return MovesAsBytes<T>() && TryAssert(target, new Instruction { Offset = target.Offset, Bit = bit, Value = Bits16.From(value) }, copy: false, out instruction);
    }

    /// <summary>Copies the value at <paramref name="source"/> into a single fact, or contributes it to a min/max aggregate.</summary>
    internal static bool TryAssertCopy<TFacts, T>(Fact<TFacts, T> target, int bit, nint source, out Instruction instruction)
        where TFacts : struct
    {
        instruction = default;
        return source >= 0 && TryAssert(target, new Instruction { Offset = target.Offset, Bit = bit, Source = source }, copy: true, out instruction);
    }

    private static bool TryAssert<TFacts, T>(Fact<TFacts, T> target, Instruction assertion, bool copy, out Instruction instruction)
        where TFacts : struct
    {
        instruction = assertion;
        if (target.Offset < 0)
        {
            return false;
        }

        var smallest = target.Aggregation?.Kind == AggregationKind.Min;
        switch (target.Kind, target.Aggregation?.Kind)
        {
            case (FactKind.Single, _) when MovesAsBytes<T>():
                instruction.Code = (copy ? OpCode.Copy1 : OpCode.Write1) + SizeStep<T>();
                return true;
            case (FactKind.Aggregate, AggregationKind.Min or AggregationKind.Max) when typeof(T) == typeof(decimal):
                instruction.Code = (copy, smallest) switch
                {
                    (true, true) => OpCode.MinDecimal,
                    (true, false) => OpCode.MaxDecimal,
                    (false, true) => OpCode.MinDecimalConstant,
                    _ => OpCode.MaxDecimalConstant,
                };
                return true;
            case (FactKind.Aggregate, AggregationKind.Union) when !copy && ComparesByBits<T>():
                instruction.Code = OpCode.Or1 + SizeStep<T>();
                return true;
            default:
                return false;
        }
    }

    /// <summary>The offset of a nullable fact's value, or -1 when the fact is read through its accessor.</summary>
    internal static nint ValueOffset<TFacts, T>(Fact<TFacts, T?> fact)
        where TFacts : struct
        where T : struct
    {
        if (fact.Offset < 0)
        {
            return -1;
        }

        T? probe = default(T);
        ref var start = ref Unsafe.As<T?, byte>(ref probe);
        ref readonly var value = ref Nullable.GetValueRefOrDefaultRef(in probe);
        return fact.Offset + Unsafe.ByteOffset(ref start, ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in value)));
    }

    /// <summary>Whether a nullable's first byte is its has-value flag (it is in the runtime's layout; checked once).</summary>
    internal static bool HasValueFlagFirst<T>()
        where T : struct
    {
        T? none = null;
        T? some = default(T);
        return Unsafe.As<T?, byte>(ref none) == 0 && Unsafe.As<T?, byte>(ref some) == 1;
    }

    /// <summary>0, 1, 2, 3, 4 for values of 1, 2, 4, 8, 16 bytes: the distance from an instruction's 1-byte form.</summary>
    private static byte SizeStep<T>() => Unsafe.SizeOf<T>() switch
    {
        1 => 0,
        2 => 1,
        4 => 2,
        8 => 3,
        _ => 4,
    };
}

/// <summary>
/// One byte test of a <see cref="OpCode.Chain"/>: eight bytes read at <see cref="Offset"/>, masked, compared. Every size
/// reads the same way (a test near the end of the working memory reads the last eight bytes and shifts its mask), so
/// a chain runs its tests in a tight loop with no dispatch.
/// </summary>
internal struct ChainLink
{
    internal nint Offset;
    internal ulong Mask;
    internal ulong Expected;
    internal bool Negate;

    /// <summary>The sign test of a decimal (<see cref="OpCode.DecimalZero"/> …), or <see cref="OpCode.End"/> for a byte test.</summary>
    internal OpCode Sign;

    /// <summary>Where the chain goes when this test holds.</summary>
    internal int Jump;

    /// <summary>Makes the link of a byte or sign test over a working memory of <paramref name="memorySize"/> (at least eight) bytes.</summary>
    internal static ChainLink From(in Instruction test, int memorySize, int jump)
    {
        if (test.IsSignTest)
        {
            return new ChainLink { Offset = test.Offset, Sign = test.Code, Jump = jump };
        }

        var size = test.ByteSize;
        var offset = test.Offset;
        var shift = 0;
        if (offset + 8 > memorySize)
        {
            shift = (int)(offset - (memorySize - 8)) * 8;
            offset = memorySize - 8;
        }

        var mask = size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
        return new ChainLink
        {
            Offset = offset,
            Mask = mask << shift,
            Expected = (test.Value.Low & mask) << shift,
            Negate = test.Code >= OpCode.NotEqual1,
            Jump = jump,
        };
    }
}
