using System.Runtime.CompilerServices;

namespace Consumables.Rules.Engine;

/// <summary>
/// The untraced evaluation plan laid out flat: one array of steps holding each rule's masks and the ranges of its checks
/// and writes in shared arrays. A rule that fails its first byte compare costs a few loads and one compare, with no call;
/// this layout is what keeps the engine within reach of hand-written code.
/// </summary>
internal sealed class FlatPlan<TFacts>
    where TFacts : struct
{
    private readonly Step[] _steps;
    private readonly FastCheck[] _checks;
    private readonly Condition<TFacts>[] _conditions;
    private readonly FastWrite[] _writes;
    private readonly RuleAction<TFacts>[] _actions;
    private readonly int[] _actionTargets;

    internal FlatPlan(PlanStep<TFacts>[] plan)
    {
        var steps = new Step[plan.Length];
        List<FastCheck> checks = [];
        List<Condition<TFacts>> conditions = [];
        List<FastWrite> writes = [];
        List<RuleAction<TFacts>> actions = [];
        List<int> targets = [];
        for (var i = 0; i < plan.Length; i++)
        {
            if (plan[i].Rule is not { } rule)
            {
                steps[i] = new Step { Group = plan[i].Group };
                continue;
            }

            var first = rule.FastChecks.Length > 0;
            steps[i] = new Step
            {
                SingleTargets = rule.SingleTargets,
                HasFirst = first,
                First = first ? rule.FastChecks[0] : default,
                Targets = rule.Targets,
                CheckStart = checks.Count,
                CheckEnd = checks.Count + rule.FastChecks.Length - (first ? 1 : 0),
                ConditionStart = conditions.Count,
                ConditionEnd = conditions.Count + rule.SlowChecks.Length,
                WriteStart = writes.Count,
                WriteEnd = writes.Count + rule.FastWrites.Length,
                ActionStart = actions.Count,
                ActionEnd = actions.Count + rule.SlowActions.Length,
                HaltName = rule.Rule.Halts ? rule.Rule.Name : null,
            };
            checks.AddRange(rule.FastChecks.Skip(first ? 1 : 0));
            conditions.AddRange(rule.SlowChecks);
            writes.AddRange(rule.FastWrites);
            actions.AddRange(rule.SlowActions);
            targets.AddRange(rule.SlowTargets);
        }

        _steps = steps;
        _checks = [.. checks];
        _conditions = [.. conditions];
        _writes = [.. writes];
        _actions = [.. actions];
        _actionTargets = [.. targets];
    }

    internal string? Run(ref TFacts facts, ref FactMask mask, ref int fired)
    {
        // Everything the loop touches is in locals: the JIT cannot prove the writes through `facts` leave the fields alone.
        ref var bytes = ref Unsafe.As<TFacts, byte>(ref facts);
        var steps = _steps;
        var checks = _checks;
        var writes = _writes;
        var actions = _actions;
        var targets = _actionTargets;
        for (var s = 0; s < steps.Length; s++)
        {
            ref readonly var step = ref steps[s];
            if (mask.Overlaps(step.SingleTargets))
            {
                continue;
            }

            if (step.HasFirst && !step.First.Test(ref bytes))
            {
                continue;
            }

            if (step.Group is { } group)
            {
                var halted = group.Run(ref facts, ref mask, ref fired, null);
                if (halted is not null)
                {
                    return halted;
                }

                continue;
            }

            if (!Matches(ref bytes, checks, step.CheckStart, step.CheckEnd) || (step.ConditionStart != step.ConditionEnd && !MatchesSlow(ref facts, mask, step.ConditionStart, step.ConditionEnd)))
            {
                continue;
            }

            for (var w = step.WriteStart; w < step.WriteEnd; w++)
            {
                writes[w].Write(ref bytes);
            }

            for (var a = step.ActionStart; a < step.ActionEnd; a++)
            {
                actions[a].Execute(ref facts, mask.Has(targets[a]));
            }

            mask.Or(step.Targets);
            fired++;
            if (step.HaltName is not null)
            {
                return step.HaltName;
            }
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Matches(ref byte bytes, FastCheck[] checks, int start, int end)
    {
        for (var c = start; c < end; c++)
        {
            if (!checks[c].Test(ref bytes))
            {
                return false;
            }
        }

        return true;
    }

    private bool MatchesSlow(ref TFacts facts, in FactMask mask, int start, int end)
    {
        for (var c = start; c < end; c++)
        {
            if (!_conditions[c].Test(ref facts, mask))
            {
                return false;
            }
        }

        return true;
    }

    private struct Step
    {
        public FactMask SingleTargets;
        public bool HasFirst;
        public FastCheck First;
        public FactMask Targets;
        public int CheckStart;
        public int CheckEnd;
        public int ConditionStart;
        public int ConditionEnd;
        public int WriteStart;
        public int WriteEnd;
        public int ActionStart;
        public int ActionEnd;
        public string? HaltName;
        public KeyedGroup<TFacts>? Group;
    }
}
