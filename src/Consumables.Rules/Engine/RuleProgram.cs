using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Consumables.Rules.Engine;

/// <summary>
/// The untraced evaluation plan compiled to one flat array of instructions and run by a single loop.
/// </summary>
/// <remarks>
/// <para>
/// The plan is first compiled as a decision graph (<see cref="DecisionGraph"/>): walking the rules in plan order, the
/// compiler keeps what is known on each path (which facts are decided, which values a tested fact has or has not, which
/// decimal tests held), so a test whose answer is already known is not emitted, a rule whose single fact is decided is
/// passed over with no code, and a byte or decimal test runs at most once on a path. Runs of byte and decimal sign tests
/// become chains tested in a tight loop. When the graph would grow too large (many rules testing the same facts in many
/// combinations) the rules are laid out one after another instead (<see cref="Emitter.Sequence"/>), a failed test
/// jumping past every following rule that makes the same test; keyed groups' rules are always laid out that way.
/// </para>
/// <para>Immutable after construction; any number of threads may run it at once.</para>
/// </remarks>
internal sealed partial class RuleProgram<TFacts>
    where TFacts : struct
{
    private readonly Instruction[] _code;
    private readonly ChainLink[] _links;
    private readonly Condition<TFacts>[] _conditions;
    private readonly RuleAction<TFacts>[] _actions;
    private readonly string[] _names;
    private readonly KeyLocator<TFacts>[] _locators;

    internal RuleProgram(IReadOnlyList<PlanStep<TFacts>> plan, FactMask inputs)
    {
        var emitter = new Emitter();
        var blocks = new List<Block>(plan.Count);
        var groups = new List<KeyedGroup<TFacts>>();
        foreach (var step in plan)
        {
            blocks.Add(step.Rule is { } rule ? new Block(emitter.Lower(rule), -1) : new Block(null, groups.Count));
            if (step.Rule is null)
            {
                groups.Add(step.Group!);
            }
        }

        IsDecisionGraph = DecisionGraph.TryEmit(emitter, blocks, groups, inputs);
        if (!IsDecisionGraph)
        {
            emitter.Sequence(blocks, OpCode.End);
        }

        var locators = new KeyLocator<TFacts>[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            locators[i] = groups[i].Locate(rules => emitter.Sequence([.. rules.Select(r => new Block(emitter.Lower(r), -1))], OpCode.Return));
        }

        _code = [.. emitter.Code];
        _links = [.. emitter.Links];
        _conditions = [.. emitter.Conditions];
        _actions = [.. emitter.Actions];
        _names = [.. emitter.Names];
        _locators = locators;
    }

    /// <summary>Lists the instructions, one per line (for diagnostics).</summary>
    internal string Dump() => string.Join('\n', _code.Select((op, i) => op.Code == OpCode.Chain
        ? $"{i}: Chain [{string.Join(", ", _links.Skip(op.Index).Take(op.Bit).Select(static l => l.Sign == OpCode.End ? $"@{l.Offset}&{l.Mask:x}{(l.Negate ? "!=" : "==")}{l.Expected:x}->{l.Jump}" : $"@{l.Offset} {l.Sign}->{l.Jump}"))}] next {op.Next}"
        : $"{i}: {op.Code} @{op.Offset} bit {op.Bit} index {op.Index} value {op.Value.Low:x} jump {op.Jump} next {op.Next}{(op.Fires ? " fires" : string.Empty)}"));

    /// <summary>Counts the byte and decimal tests, alone or in chains, that read at <paramref name="offset"/> (for tests).</summary>
    internal int TestsAt(nint offset) => _code.Count(op => (op.IsByteTest || op.IsDecimalTest) && op.Offset == offset) + _links.Count(link => link.Offset == offset);

    /// <summary>Gets a value indicating whether the plan was compiled as a decision graph (else rule after rule).</summary>
    internal bool IsDecisionGraph { get; }

    /// <summary>Runs the program; returns the name of the rule that halted the evaluation, or <see langword="null"/>.</summary>
    /// <remarks>
    /// Optimised at once rather than tiered: profile-guided layout of this loop depends on which lines happened to be
    /// evaluated first, which made its speed differ by a third from one process to the next.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal string? Run(ref TFacts facts, ref FactMask mask, ref int fired)
    {
        ref var bytes = ref Unsafe.As<TFacts, byte>(ref facts);

        // The program always ends in End (or Return inside a group) and every target lies inside it (the emitter
        // makes it so): no bounds checks. The project checks arithmetic for overflow; here nothing can overflow, and
        // a check would cost a branch in every instruction.
        ref var code = ref MemoryMarshal.GetArrayDataReference(_code);
        var pc = 0;
        var resume = 0;
        unchecked
        {
            while (true)
            {
                ref readonly var op = ref Unsafe.Add(ref code, pc);
                ref var at = ref Unsafe.AddByteOffset(ref bytes, op.Offset);
                switch (op.Code)
                {
                    case OpCode.Chain:
                        pc = RunChain(ref bytes, in op);
                        continue;
                    case OpCode.SkipIfDecided:
                        pc = mask.Overlaps(op.Value.Low, op.Value.High) ? op.Jump : op.Next;
                        continue;
                    case OpCode.Equal1:
                        pc = at == (byte)op.Value.Low ? op.Jump : op.Next;
                        continue;
                    case OpCode.Equal2:
                        pc = Unsafe.ReadUnaligned<ushort>(ref at) == (ushort)op.Value.Low ? op.Jump : op.Next;
                        continue;
                    case OpCode.Equal4:
                        pc = Unsafe.ReadUnaligned<uint>(ref at) == (uint)op.Value.Low ? op.Jump : op.Next;
                        continue;
                    case OpCode.Equal8:
                        pc = Unsafe.ReadUnaligned<ulong>(ref at) == op.Value.Low ? op.Jump : op.Next;
                        continue;
                    case OpCode.NotEqual1:
                        pc = at != (byte)op.Value.Low ? op.Jump : op.Next;
                        continue;
                    case OpCode.NotEqual2:
                        pc = Unsafe.ReadUnaligned<ushort>(ref at) != (ushort)op.Value.Low ? op.Jump : op.Next;
                        continue;
                    case OpCode.NotEqual4:
                        pc = Unsafe.ReadUnaligned<uint>(ref at) != (uint)op.Value.Low ? op.Jump : op.Next;
                        continue;
                    case OpCode.NotEqual8:
                        pc = Unsafe.ReadUnaligned<ulong>(ref at) != op.Value.Low ? op.Jump : op.Next;
                        continue;
                    case OpCode.Asserted:
                        pc = mask.Has(op.Bit) ? op.Jump : op.Next;
                        continue;
                    case OpCode.NotAsserted:
                        pc = mask.Has(op.Bit) ? op.Next : op.Jump;
                        continue;
                    case OpCode.DecimalEqual:
                        pc = Unsafe.As<byte, decimal>(ref at) == Constant(in op) ? op.Jump : op.Next;
                        continue;
                    case OpCode.DecimalNotEqual:
                        pc = Unsafe.As<byte, decimal>(ref at) != Constant(in op) ? op.Jump : op.Next;
                        continue;
                    case OpCode.DecimalLess:
                        pc = Unsafe.As<byte, decimal>(ref at) < Constant(in op) ? op.Jump : op.Next;
                        continue;
                    case OpCode.DecimalLessOrEqual:
                        pc = Unsafe.As<byte, decimal>(ref at) <= Constant(in op) ? op.Jump : op.Next;
                        continue;
                    case OpCode.DecimalGreater:
                        pc = Unsafe.As<byte, decimal>(ref at) > Constant(in op) ? op.Jump : op.Next;
                        continue;
                    case OpCode.DecimalGreaterOrEqual:
                        pc = Unsafe.As<byte, decimal>(ref at) >= Constant(in op) ? op.Jump : op.Next;
                        continue;
                    case OpCode.DecimalZero:
                    case OpCode.DecimalNotZero:
                    case OpCode.DecimalNegative:
                    case OpCode.DecimalNotNegative:
                    case OpCode.DecimalPositive:
                    case OpCode.DecimalNotPositive:
                        pc = Lowering.SignTest(op.Code, ref at) ? op.Jump : op.Next;
                        continue;
                    case OpCode.Condition:
                        pc = _conditions[op.Index].Test(ref facts, mask) ? op.Jump : op.Next;
                        continue;
                    case OpCode.Write1:
                        at = (byte)op.Value.Low;
                        break;
                    case OpCode.Write2:
                        Unsafe.WriteUnaligned(ref at, (ushort)op.Value.Low);
                        break;
                    case OpCode.Write4:
                        Unsafe.WriteUnaligned(ref at, (uint)op.Value.Low);
                        break;
                    case OpCode.Write8:
                        Unsafe.WriteUnaligned(ref at, op.Value.Low);
                        break;
                    case OpCode.Write16:
                        // One sixteen-byte store: a decimal read back whole after two eight-byte stores would stall.
                        Unsafe.WriteUnaligned(ref at, Unsafe.As<Bits16, Vector128<byte>>(ref Unsafe.AsRef(in op.Value)));
                        break;
                    case OpCode.Copy1:
                        Move<byte>(ref at, ref bytes, op.Source);
                        break;
                    case OpCode.Copy2:
                        Move<ushort>(ref at, ref bytes, op.Source);
                        break;
                    case OpCode.Copy4:
                        Move<uint>(ref at, ref bytes, op.Source);
                        break;
                    case OpCode.Copy8:
                        Move<ulong>(ref at, ref bytes, op.Source);
                        break;
                    case OpCode.Copy16:
                        Move<Vector128<byte>>(ref at, ref bytes, op.Source);
                        break;
                    case OpCode.MinDecimal:
                    case OpCode.MaxDecimal:
                        Contribute(ref Unsafe.As<byte, decimal>(ref at), Unsafe.As<byte, decimal>(ref Unsafe.AddByteOffset(ref bytes, op.Source)), ref mask, op.Bit, smallest: op.Code == OpCode.MinDecimal);
                        break;
                    case OpCode.MinDecimalConstant:
                    case OpCode.MaxDecimalConstant:
                        Contribute(ref Unsafe.As<byte, decimal>(ref at), Constant(in op), ref mask, op.Bit, smallest: op.Code == OpCode.MinDecimalConstant);
                        break;
                    case OpCode.Or1:
                        at = (byte)(Previous(at, mask, op.Bit) | (byte)op.Value.Low);
                        mask.Set(op.Bit);
                        break;
                    case OpCode.Or2:
                        Unsafe.WriteUnaligned(ref at, (ushort)(Previous(Unsafe.ReadUnaligned<ushort>(ref at), mask, op.Bit) | (ushort)op.Value.Low));
                        mask.Set(op.Bit);
                        break;
                    case OpCode.Or4:
                        Unsafe.WriteUnaligned(ref at, Previous(Unsafe.ReadUnaligned<uint>(ref at), mask, op.Bit) | (uint)op.Value.Low);
                        mask.Set(op.Bit);
                        break;
                    case OpCode.Or8:
                        Unsafe.WriteUnaligned(ref at, Previous(Unsafe.ReadUnaligned<ulong>(ref at), mask, op.Bit) | op.Value.Low);
                        mask.Set(op.Bit);
                        break;
                    case OpCode.Action:
                        _actions[op.Index].Execute(ref facts, mask.Has(op.Bit));
                        mask.Set(op.Bit);
                        break;
                    case OpCode.FireAndHalt:
                        mask.Or(op.Mask.Low, op.Mask.High);
                        fired++;
                        return _names[op.Index];
                    case OpCode.Group:
                        var start = _locators[op.Index].Find(ref facts);
                        resume = op.Next;
                        pc = start < 0 ? resume : start;
                        continue;
                    case OpCode.Return:
                        pc = resume;
                        continue;
                    default:
                        return null;
                }

                // An assertion: the last one of a rule marks it fired.
                if (op.Fires)
                {
                    mask.Or(op.Mask.Low, op.Mask.High);
                    fired++;
                }

                pc = op.Next;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int RunChain(ref byte bytes, in Instruction op)
    {
        ref var link = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_links), op.Index);
        for (var i = 0; i < op.Bit; i++)
        {
            ref readonly var test = ref Unsafe.Add(ref link, i);
            ref var at = ref Unsafe.AddByteOffset(ref bytes, test.Offset);
            var holds = test.Sign == OpCode.End
                ? ((Unsafe.ReadUnaligned<ulong>(ref at) & test.Mask) == test.Expected) != test.Negate
                : Lowering.SignTest(test.Sign, ref at);
            if (holds)
            {
                return test.Jump;
            }
        }

        return op.Next;
    }

    /// <summary>Copies the <typeparamref name="T"/> at offset <paramref name="source"/> of the working memory to <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Move<T>(ref byte at, ref byte bytes, nint source)
        where T : unmanaged => Unsafe.WriteUnaligned(ref at, Unsafe.ReadUnaligned<T>(ref Unsafe.AddByteOffset(ref bytes, source)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static decimal Constant(in Instruction op) => Unsafe.As<Bits16, decimal>(ref Unsafe.AsRef(in op.Value));

    /// <summary>The first contribution to an aggregate is stored; later ones combine with the value so far.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Contribute(ref decimal slot, decimal value, ref FactMask mask, int bit, bool smallest)
    {
        if (!mask.Has(bit) || (smallest ? value < slot : value > slot))
        {
            slot = value;
        }

        mask.Set(bit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Previous<T>(T value, in FactMask mask, int bit)
        where T : struct => mask.Has(bit) ? value : default;

    /// <summary>A rule ready to emit: its tests (cheap first) and its assertions as instructions.</summary>
    private sealed record LoweredRule(CompiledRule<TFacts> Rule, Instruction[] Tests, Instruction[] Assertions);

    /// <summary>A rule, or (with <see cref="Group"/> ≥ 0) a keyed group, in the plan.</summary>
    private readonly record struct Block(LoweredRule? Rule, int Group);

    /// <summary>Collects instructions, chain links and the conditions, actions and names they refer to.</summary>
    private sealed class Emitter
    {
        internal List<Instruction> Code { get; } = [];

        internal List<ChainLink> Links { get; } = [];

        internal List<Condition<TFacts>> Conditions { get; } = [];

        internal List<RuleAction<TFacts>> Actions { get; } = [];

        internal List<string> Names { get; } = [];

        /// <summary>Lowers a rule's conditions and actions once; conditions and actions with no inline form are registered.</summary>
        internal LoweredRule Lower(CompiledRule<TFacts> rule)
        {
            var tests = new List<Instruction>();
            foreach (var condition in rule.Conditions)
            {
                if (condition.TryLower(out var test))
                {
                    tests.Add(test);
                }
                else
                {
                    tests.Add(new Instruction { Code = OpCode.Condition, Index = Conditions.Count });
                    Conditions.Add(condition);
                }
            }

            var assertions = new Instruction[rule.Actions.Count];
            for (var a = 0; a < assertions.Length; a++)
            {
                var bit = rule.ActionTargets[a];
                if (!rule.Actions[a].TryLower(bit, out assertions[a]))
                {
                    assertions[a] = new Instruction { Code = OpCode.Action, Index = Actions.Count, Bit = bit };
                    Actions.Add(rule.Actions[a]);
                }
            }

            // Cheap tests first (their order does not change a conjunction); delegates last.
            return new LoweredRule(rule, [.. tests.OrderBy(static t => t.Code switch { OpCode.Condition => 2, >= OpCode.DecimalEqual and <= OpCode.DecimalGreaterOrEqual => 1, _ => 0 })], assertions);
        }

        /// <summary>Registers a halting rule's name; returns its index.</summary>
        internal int Name(string name)
        {
            Names.Add(name);
            return Names.Count - 1;
        }

        /// <summary>Lays the blocks out one after another, then a terminator; returns the first instruction's index.</summary>
        internal int Sequence(IReadOnlyList<Block> blocks, OpCode terminator)
        {
            var starts = new int[blocks.Count + 1];

            // Which single facts a rule emitted so far may have decided without halting: a rule needs its skip only
            // for those. In a keyed group's rules anything may be decided already.
            var decidable = terminator == OpCode.End ? default : FactMask.All;
            for (var b = 0; b < blocks.Count; b++)
            {
                starts[b] = Code.Count;
                if (blocks[b].Rule is { } rule)
                {
                    Emit(rule, decidable);
                    if (!rule.Rule.Rule.Halts)
                    {
                        decidable.Or(rule.Rule.SingleTargets);
                    }
                }
                else
                {
                    Code.Add(new Instruction { Code = OpCode.Group, Index = blocks[b].Group, Next = Code.Count + 1 });
                    decidable = FactMask.All;
                }
            }

            starts[blocks.Count] = Code.Count;
            Code.Add(new Instruction { Code = terminator });
            Link(blocks, starts);
            return starts[0];
        }

        /// <summary>Emits one rule's block; a failed test's target is left at -1 for <see cref="Link"/>.</summary>
        private void Emit(LoweredRule rule, FactMask decidable)
        {
            var skip = rule.Rule.SingleTargets.And(decidable);
            if (!skip.IsEmpty)
            {
                Code.Add(new Instruction { Code = OpCode.SkipIfDecided, Value = skip.Bits, Jump = -1, Next = Code.Count + 1 });
            }

            foreach (var test in rule.Tests)
            {
                Code.Add(test with { Jump = Code.Count + 1, Next = -1 });
            }

            EmitAssertions(rule, next: Code.Count + rule.Assertions.Length + (rule.Rule.Rule.Halts ? 1 : 0));
        }

        /// <summary>Emits a rule's assertions, the last marking the rule fired, and for a halting rule the halt.</summary>
        internal void EmitAssertions(LoweredRule rule, int next)
        {
            var halts = rule.Rule.Rule.Halts;
            for (var a = 0; a < rule.Assertions.Length; a++)
            {
                var last = a == rule.Assertions.Length - 1;
                Code.Add(rule.Assertions[a] with
                {
                    Fires = last && !halts,
                    Mask = rule.Rule.Targets.Bits,
                    Next = last && !halts ? next : Code.Count + 1,
                });
            }

            if (halts)
            {
                Code.Add(new Instruction { Code = OpCode.FireAndHalt, Mask = rule.Rule.Targets.Bits, Index = Name(rule.Rule.Rule.Name) });
            }
        }

        /// <summary>Points every failed test and taken skip past the following blocks that would fail the same way.</summary>
        private void Link(IReadOnlyList<Block> blocks, int[] starts)
        {
            var code = CollectionsMarshal.AsSpan(Code);
            for (var b = 0; b < blocks.Count; b++)
            {
                for (var i = starts[b]; i < starts[b + 1]; i++)
                {
                    ref var op = ref code[i];
                    var skip = op.Code == OpCode.SkipIfDecided && op.Jump == -1;
                    if (!skip && op.Next != -1)
                    {
                        continue;
                    }

                    var next = b + 1;
                    while (next < blocks.Count && blocks[next].Rule is not null && FailsAlike(code, starts[next], starts[next + 1], op))
                    {
                        next++;
                    }

                    if (skip)
                    {
                        op.Jump = starts[next];
                    }
                    else
                    {
                        op.Next = starts[next];
                    }
                }
            }
        }

        /// <summary>Says whether the block at [start, end) certainly does not fire when <paramref name="failed"/> just failed.</summary>
        private static bool FailsAlike(Span<Instruction> code, int start, int end, in Instruction failed)
        {
            if (failed.Code == OpCode.SkipIfDecided)
            {
                return code[start].Code == OpCode.SkipIfDecided && code[start].Value.Covers(failed.Value);
            }

            for (var i = start; i < end; i++)
            {
                if (code[i].SameTest(failed))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>Finds the first instruction of the keyed rules matching a working memory's key, by hash.</summary>
internal abstract class KeyLocator<TFacts>
    where TFacts : struct
{
    /// <summary>Returns the index of the first instruction of the matching rules, or -1 when no rule has the key.</summary>
    internal abstract int Find(ref TFacts facts);

    /// <summary>Gets where each key's rules start, in ascending order.</summary>
    internal abstract IEnumerable<int> Starts { get; }

    /// <summary>
    /// For a key compared by its bits (integers, char, enums) at a known offset: the offset, the key's size and each
    /// key's bits with where its rules start, so generated code can switch on the key itself.
    /// </summary>
    internal abstract bool TryCases(out nint offset, out int size, out (ulong Bits, int Start)[] cases);
}
