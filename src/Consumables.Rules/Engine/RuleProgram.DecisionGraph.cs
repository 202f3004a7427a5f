using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;

namespace Consumables.Rules.Engine;

internal sealed partial class RuleProgram<TFacts>
{
    /// <summary>
    /// Compiles the plan into a decision graph: each node tests one thing not yet known on its path, or makes one rule's
    /// assertions. Paths that know the same things about the rules still to come share their code, so the graph stays
    /// small; when it would not, the compiler gives up and the plan is laid out rule after rule.
    /// </summary>
    private static class DecisionGraph
    {
        /// <summary>Beyond this many plan steps the rule-after-rule layout is used (it compiles in linear time).</summary>
        private const int MaxSteps = 256;

        /// <summary>The size that marks a decimal test's location among the tested locations.</summary>
        private const int DecimalLocation = -16;

        /// <summary>Longest run of byte and sign tests in one chain.</summary>
        private const int MaxChain = 16;

        internal static bool TryEmit(Emitter emitter, IReadOnlyList<Block> blocks, IReadOnlyList<KeyedGroup<TFacts>> groups, FactMask inputs)
        {
            if (blocks.Count > MaxSteps || Unsafe.SizeOf<TFacts>() < 8)
            {
                return false;
            }

            var builder = new Builder(emitter, blocks, groups, budget: (64 * blocks.Count) + 1024);
            if (builder.Build(0, State.Start(inputs)) is not { } root)
            {
                return false;
            }

            Linearize(emitter, root);
            return true;
        }

        /// <summary>Places every node reachable from the root, falling through to a test's "does not hold" side, then emits them.</summary>
        private static void Linearize(Emitter emitter, Node root)
        {
            var order = new List<Node>();
            var next = emitter.Code.Count;
            var pending = new Stack<Node>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                if (node.Address >= 0)
                {
                    continue;
                }

                node.Address = next;
                order.Add(node);
                next += node.Length;
                foreach (var successor in node.Successors.Reverse())
                {
                    if (successor.Address < 0)
                    {
                        pending.Push(successor);
                    }
                }
            }

            var memorySize = Unsafe.SizeOf<TFacts>();
            foreach (var node in order)
            {
                switch (node)
                {
                    case TestNode { Chain.Count: > 1 } chain:
                        var start = emitter.Links.Count;
                        foreach (var link in chain.Chain)
                        {
                            emitter.Links.Add(ChainLink.From(link.Test, memorySize, link.WhenTrue.Address));
                        }

                        emitter.Code.Add(new Instruction { Code = OpCode.Chain, Index = start, Bit = chain.Chain.Count, Next = chain.Chain[^1].WhenFalse.Address });
                        break;
                    case TestNode test:
                        emitter.Code.Add(test.Test with { Jump = test.WhenTrue.Address, Next = test.WhenFalse.Address });
                        break;
                    case RuleNode rule:
                        emitter.EmitAssertions(rule.Rule, rule.Next?.Address ?? -1);
                        break;
                    case GroupNode group:
                        emitter.Code.Add(new Instruction { Code = OpCode.Group, Index = group.Group, Next = group.Next.Address });
                        break;
                    default:
                        emitter.Code.Add(new Instruction { Code = OpCode.End });
                        break;
                }
            }
        }

        private abstract class Node
        {
            internal int Address { get; set; } = -1;

            /// <summary>Gets the number of instructions the node emits.</summary>
            internal abstract int Length { get; }

            /// <summary>Gets the nodes its instructions go to, fall-through first.</summary>
            internal abstract IEnumerable<Node> Successors { get; }
        }

        /// <summary>A test: <see cref="WhenTrue"/> when it holds, else <see cref="WhenFalse"/>. Byte tests chain along their "does not hold" side.</summary>
        private sealed class TestNode(Instruction test, Node whenTrue, Node whenFalse) : Node
        {
            private List<TestNode>? _chain;

            internal Instruction Test => test;

            internal Node WhenTrue => whenTrue;

            internal Node WhenFalse => whenFalse;

            /// <summary>Gets this test and the byte tests reached by "does not hold" after it (only this one when it is not a byte test).</summary>
            internal List<TestNode> Chain => _chain ??= MakeChain();

            internal override int Length => 1;

            internal override IEnumerable<Node> Successors => Chain.Count > 1
                ? Chain.Select(static t => t.WhenTrue).Prepend(Chain[^1].WhenFalse)
                : [whenFalse, whenTrue];

            private List<TestNode> MakeChain()
            {
                List<TestNode> chain = [this];
                while (test.Chains && chain.Count < MaxChain && chain[^1].WhenFalse is TestNode { Test.Chains: true } following)
                {
                    chain.Add(following);
                }

                return chain;
            }
        }

        /// <summary>A rule fires: its assertions, then <see cref="Next"/> (none when the rule halts).</summary>
        private sealed class RuleNode(LoweredRule rule, Node? next) : Node
        {
            internal LoweredRule Rule => rule;

            internal Node? Next => next;

            internal override int Length => rule.Assertions.Length + (rule.Rule.Rule.Halts ? 1 : 0);

            internal override IEnumerable<Node> Successors => next is null ? [] : [next];
        }

        /// <summary>A keyed group, found by hash at run time; then <see cref="Next"/>.</summary>
        private sealed class GroupNode(int group, Node next) : Node
        {
            internal int Group => group;

            internal Node Next => next;

            internal override int Length => 1;

            internal override IEnumerable<Node> Successors => [next];
        }

        private sealed class EndNode : Node
        {
            internal override int Length => 1;

            internal override IEnumerable<Node> Successors => [];
        }

        /// <summary>A decimal test in a canonical form: a test and its complement (less / at least, zero / not zero, …) share one.</summary>
        private readonly record struct DecimalTest(nint Offset, OpCode Code, ulong Low, ulong High)
        {
            /// <summary>The canonical form of <paramref name="test"/>, and whether the test is its complement.</summary>
            internal static (DecimalTest Test, bool Complement) Of(in Instruction test)
            {
                var (code, complement) = test.Code switch
                {
                    OpCode.DecimalNotEqual => (OpCode.DecimalEqual, true),
                    OpCode.DecimalGreaterOrEqual => (OpCode.DecimalLess, true),
                    OpCode.DecimalGreater => (OpCode.DecimalLessOrEqual, true),
                    OpCode.DecimalNotZero => (OpCode.DecimalZero, true),
                    OpCode.DecimalNotNegative => (OpCode.DecimalNegative, true),
                    OpCode.DecimalNotPositive => (OpCode.DecimalPositive, true),
                    _ => (test.Code, false),
                };
                return (new DecimalTest(test.Offset, code, test.Value.Low, test.Value.High), complement);
            }

            public override string ToString() => $"{Offset}:{Code}:{Low:x}.{High:x}";
        }

        /// <summary>What a path knows of one tested location: its value, or values it does not have.</summary>
        private sealed record Knowledge(bool Known, ulong Value, ImmutableHashSet<ulong> Excluded)
        {
            internal static readonly Knowledge None = new(false, 0, []);

            public override string ToString() => Known ? $"={Value}" : $"!{string.Join(",", Excluded.Order())}";
        }

        /// <summary>What one path knows: tested values, facts certainly asserted, facts perhaps asserted (by a keyed group).</summary>
        private sealed class State(
            ImmutableDictionary<(nint Offset, int Size), Knowledge> bytes,
            ImmutableDictionary<DecimalTest, bool> decimals,
            FactMask yes,
            FactMask maybe)
        {
            /// <summary>Before any rule: nothing tested, the inputs asserted.</summary>
            internal static State Start(FactMask inputs) => new(ImmutableDictionary<(nint, int), Knowledge>.Empty, ImmutableDictionary<DecimalTest, bool>.Empty, inputs, default);

            internal ImmutableDictionary<(nint Offset, int Size), Knowledge> Bytes => bytes;

            /// <summary>Gets the outcomes of decimal tests made on the path, by test (a test and its complement share one entry).</summary>
            internal ImmutableDictionary<DecimalTest, bool> Decimals => decimals;

            internal FactMask Yes => yes;

            internal FactMask Maybe => maybe;

            /// <summary>Answers a test from what is known: true, false, or null when it must run.</summary>
            internal bool? Evaluate(in Instruction test)
            {
                if (test.IsByteTest)
                {
                    var value = Value(test);
                    bool? equal = !bytes.TryGetValue((test.Offset, test.ByteSize), out var known) ? null
                        : known.Known ? known.Value == value
                        : known.Excluded.Contains(value) ? false
                        : null;
                    return test.Code >= OpCode.NotEqual1 ? !equal : equal;
                }

                if (test.Code is OpCode.Asserted or OpCode.NotAsserted)
                {
                    bool? asserted = yes.Has(test.Bit) ? true : maybe.Has(test.Bit) ? null : false;
                    return test.Code == OpCode.Asserted ? asserted : !asserted;
                }

                if (test.IsDecimalTest)
                {
                    var (key, complement) = DecimalTest.Of(test);
                    return decimals.TryGetValue(key, out var holds) ? holds != complement : null;
                }

                return null;
            }

            /// <summary>The state on the side of a test where it holds (or does not).</summary>
            internal State Assume(in Instruction test, bool holds)
            {
                if (test.Code == OpCode.SkipIfDecided)
                {
                    return holds ? this : new State(bytes, decimals, yes, maybe.And(Inverse(test.Value)));
                }

                if (test.IsDecimalTest)
                {
                    var (decimalTest, complement) = DecimalTest.Of(test);
                    return new State(bytes, decimals.SetItem(decimalTest, holds != complement), yes, maybe);
                }

                if (!test.IsByteTest)
                {
                    return this;
                }

                // A failed equality only excludes the value: even a bool's byte may hold something else than 0 or 1.
                var key = (test.Offset, test.ByteSize);
                var value = Value(test);
                var equal = holds != test.Code >= OpCode.NotEqual1;
                var knowledge = equal ? new Knowledge(true, value, [])
                    : Knowledge.None with { Excluded = bytes.GetValueOrDefault(key, Knowledge.None).Excluded.Add(value) };
                return new State(bytes.SetItem(key, knowledge), decimals, yes, maybe);
            }

            /// <summary>The state after a rule fired: its targets asserted, what it wrote known or forgotten.</summary>
            internal State Fire(LoweredRule rule, Emitter emitter)
            {
                var known = bytes;
                var tested = decimals;
                foreach (var assertion in rule.Assertions)
                {
                    var (offset, size) = Region(assertion, emitter);
                    known = Forget(known, offset, size);
                    tested = Forget(tested, offset, size);
                    if (assertion.Code is >= OpCode.Write1 and <= OpCode.Write8)
                    {
                        known = known.SetItem((offset, size), new Knowledge(true, assertion.Value.Low & SizeMask(size), []));
                    }
                }

                var asserted = yes;
                asserted.Or(rule.Rule.Targets);
                return new State(known, tested, asserted, maybe);
            }

            /// <summary>The state after a keyed group: whatever its rules assert is perhaps asserted, and no longer known.</summary>
            internal State AfterGroup(KeyedGroup<TFacts> group)
            {
                var known = bytes;
                var tested = decimals;
                var perhaps = maybe;
                foreach (var rule in group.Rules)
                {
                    perhaps.Or(rule.Targets);
                    foreach (var action in rule.Actions)
                    {
                        known = Forget(known, action.Target.SlotOffset, action.Target.SlotSize);
                        tested = Forget(tested, action.Target.SlotOffset, action.Target.SlotSize);
                    }
                }

                return new State(known, tested, yes, perhaps);
            }

            private static ulong Value(in Instruction test) => test.Value.Low & SizeMask(test.ByteSize);

            private static ulong SizeMask(int size) => size >= 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;

            private static FactMask Inverse(Bits16 bits) => FactMask.From(new Bits16 { Low = ~bits.Low, High = ~bits.High });

            private static (nint Offset, int Size) Region(in Instruction assertion, Emitter emitter) => assertion.Code switch
            {
                OpCode.Action => (emitter.Actions[assertion.Index].Target.SlotOffset, emitter.Actions[assertion.Index].Target.SlotSize),
                OpCode.Write1 or OpCode.Copy1 or OpCode.Or1 => (assertion.Offset, 1),
                OpCode.Write2 or OpCode.Copy2 or OpCode.Or2 => (assertion.Offset, 2),
                OpCode.Write4 or OpCode.Copy4 or OpCode.Or4 => (assertion.Offset, 4),
                OpCode.Write8 or OpCode.Copy8 or OpCode.Or8 => (assertion.Offset, 8),
                _ => (assertion.Offset, 16),
            };

            private static ImmutableDictionary<DecimalTest, bool> Forget(ImmutableDictionary<DecimalTest, bool> tested, nint offset, int size)
            {
                if (offset < 0)
                {
                    return tested;
                }

                foreach (var key in tested.Keys)
                {
                    if (key.Offset < offset + size && offset < key.Offset + 16)
                    {
                        tested = tested.Remove(key);
                    }
                }

                return tested;
            }

            private static ImmutableDictionary<(nint Offset, int Size), Knowledge> Forget(ImmutableDictionary<(nint Offset, int Size), Knowledge> known, nint offset, int size)
            {
                if (offset < 0)
                {
                    return known;
                }

                foreach (var key in known.Keys)
                {
                    if (key.Offset < offset + size && offset < key.Offset + key.Size)
                    {
                        known = known.Remove(key);
                    }
                }

                return known;
            }
        }

        /// <summary>Builds the graph depth first, sharing the code of paths that know the same about the rules still to come.</summary>
        private sealed class Builder
        {
            private readonly Emitter _emitter;
            private readonly IReadOnlyList<Block> _blocks;
            private readonly IReadOnlyList<KeyedGroup<TFacts>> _groups;
            private readonly HashSet<(nint, int)>[] _tested;
            private readonly FactMask[] _relevant;
            private readonly Dictionary<string, Node> _shared = new(StringComparer.Ordinal);
            private readonly EndNode _end = new();
            private int _budget;

            internal Builder(Emitter emitter, IReadOnlyList<Block> blocks, IReadOnlyList<KeyedGroup<TFacts>> groups, int budget)
            {
                _emitter = emitter;
                _blocks = blocks;
                _groups = groups;
                _budget = budget;

                // What the rules from each step on can ask: the locations they test, the facts whose assertion they check.
                _tested = new HashSet<(nint, int)>[blocks.Count + 1];
                _relevant = new FactMask[blocks.Count + 1];
                _tested[blocks.Count] = [];
                for (var p = blocks.Count - 1; p >= 0; p--)
                {
                    _tested[p] = [.. _tested[p + 1]];
                    _relevant[p] = _relevant[p + 1];
                    if (blocks[p].Rule is not { } rule)
                    {
                        continue;
                    }

                    _relevant[p].Or(rule.Rule.SingleTargets);
                    foreach (var test in rule.Tests)
                    {
                        if (test.IsByteTest)
                        {
                            _tested[p].Add((test.Offset, test.ByteSize));
                        }
                        else if (test.IsDecimalTest)
                        {
                            _tested[p].Add((test.Offset, DecimalLocation));
                        }
                        else if (test.Code is OpCode.Asserted or OpCode.NotAsserted)
                        {
                            _relevant[p].Set(test.Bit);
                        }
                    }
                }
            }

            /// <summary>The code from step <paramref name="p"/> on, given <paramref name="state"/>; null when the graph grows too large.</summary>
            internal Node? Build(int p, State state)
            {
                if (p == _blocks.Count)
                {
                    return _end;
                }

                // The walk recurses once per rule and test: on a thread short of stack, give up (the rules are then laid out one after another).
                if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
                {
                    return null;
                }

                var key = Key(p, state);
                if (_shared.TryGetValue(key, out var shared))
                {
                    return shared;
                }

                if (--_budget < 0)
                {
                    return null;
                }

                Node? node;
                if (_blocks[p].Rule is not { } rule)
                {
                    var group = _blocks[p].Group;
                    node = Build(p + 1, state.AfterGroup(_groups[group])) is { } after ? new GroupNode(group, after) : null;
                }
                else if (rule.Rule.SingleTargets.And(state.Yes).IsEmpty)
                {
                    node = Skip(rule, p, state);
                }
                else
                {
                    node = Build(p + 1, state);
                }

                if (node is not null)
                {
                    _shared[key] = node;
                }

                return node;
            }

            /// <summary>A rule whose single facts a keyed group may have decided first tests that they are not.</summary>
            private Node? Skip(LoweredRule rule, int p, State state)
            {
                var perhaps = rule.Rule.SingleTargets.And(state.Maybe);
                if (perhaps.IsEmpty)
                {
                    return Conditions(rule, p, state, 0);
                }

                var skip = new Instruction { Code = OpCode.SkipIfDecided, Value = perhaps.Bits };
                return Build(p + 1, state) is { } decided && Conditions(rule, p, state.Assume(skip, holds: false), 0) is { } free
                    ? new TestNode(skip, decided, free)
                    : null;
            }

            private Node? Conditions(LoweredRule rule, int p, State state, int i)
            {
                if (i == rule.Tests.Length)
                {
                    if (rule.Rule.Rule.Halts)
                    {
                        return new RuleNode(rule, null);
                    }

                    return Build(p + 1, state.Fire(rule, _emitter)) is { } after ? new RuleNode(rule, after) : null;
                }

                var test = rule.Tests[i];
                switch (state.Evaluate(test))
                {
                    case true:
                        return Conditions(rule, p, state, i + 1);
                    case false:
                        return Build(p + 1, state);
                    default:
                        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()
                            || Conditions(rule, p, state.Assume(test, holds: true), i + 1) is not { } holds
                            || Build(p + 1, state.Assume(test, holds: false)) is not { } fails)
                        {
                            return null;
                        }

                        // Both sides lead to the same code: the test decides nothing.
                        return ReferenceEquals(holds, fails) ? holds : new TestNode(test, holds, fails);
                }
            }

            /// <summary>Names what a state knows that the rules from step <paramref name="p"/> on can ask.</summary>
            private string Key(int p, State state)
            {
                var relevant = _relevant[p];
                var key = new StringBuilder().Append(p).Append('|')
                    .Append(state.Yes.And(relevant).Bits.Low).Append(',').Append(state.Yes.And(relevant).Bits.High).Append('|')
                    .Append(state.Maybe.And(relevant).Bits.Low).Append(',').Append(state.Maybe.And(relevant).Bits.High);
                foreach (var (location, knowledge) in state.Bytes.Where(k => _tested[p].Contains(k.Key)).OrderBy(static k => k.Key.Offset).ThenBy(static k => k.Key.Size))
                {
                    key.Append('|').Append(location.Offset).Append(':').Append(location.Size).Append(knowledge);
                }

                foreach (var (test, holds) in state.Decimals.Where(k => _tested[p].Contains((k.Key.Offset, DecimalLocation))).OrderBy(static k => k.Key.ToString(), StringComparer.Ordinal))
                {
                    key.Append("|d").Append(test).Append('=').Append(holds);
                }

                return key.ToString();
            }
        }
    }
}
