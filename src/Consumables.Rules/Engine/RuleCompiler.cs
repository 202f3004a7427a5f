namespace Consumables.Rules.Engine;

/// <summary>
/// Checks a rule set and orders it into a plan: a rule runs after every rule that asserts a fact it reads, and among
/// rules free to run, higher priority first, then declaration order. Rules asserting the same single fact are chained in
/// priority order, so the highest-priority rule that matches always decides it.
/// </summary>
internal static class RuleCompiler<TFacts>
    where TFacts : struct
{
    internal static CompiledRuleSet<TFacts> Compile(
        string name,
        string version,
        IReadOnlyList<Fact<TFacts>> inputs,
        IReadOnlyList<Rule<TFacts>> rules,
        IReadOnlyList<RuleCompilationError> earlier)
    {
        var errors = new List<RuleCompilationError>(earlier);
        CheckNames(rules, errors);

        var indexes = new Dictionary<Fact, int>(ReferenceEqualityComparer.Instance);
        foreach (var fact in inputs.Concat(rules.SelectMany(static r => r.Reads.Concat(r.Actions.Select(static a => a.Target)))))
        {
            indexes.TryAdd(fact, indexes.Count);
        }

        if (indexes.Count > FactMask.Capacity)
        {
            errors.Add(new(RuleCompilationErrorCode.TooManyFacts, $"The rule set uses {indexes.Count} facts; the engine holds at most {FactMask.Capacity}.", []));
        }

        var providers = rules
            .SelectMany(r => r.Actions.Select(a => (Fact: (Fact)a.Target, Rule: r)))
            .ToLookup(static p => p.Fact, static p => p.Rule);
        CheckFacts(inputs, rules, providers, errors);
        CheckUnique(rules, errors);

        var nodes = Group(rules);
        var order = errors.Count == 0 ? Order(nodes, providers, errors) : [];
        if (errors.Count > 0)
        {
            throw new RuleCompilationException(name, errors);
        }

        int IndexOf(Fact fact) => indexes[fact];
        var steps = new List<PlanStep<TFacts>>(order.Count);
        var ordered = new List<Rule<TFacts>>(rules.Count);
        foreach (var node in order)
        {
            var compiled = node.Rules.Select(r => new CompiledRule<TFacts>(r, IndexOf)).ToList();
            ordered.AddRange(node.Rules);
            steps.Add(node.Key is { } key ? new PlanStep<TFacts>(null, key.CreateStep(compiled)) : new PlanStep<TFacts>(compiled[0], null));
        }

        var inputMask = default(FactMask);
        foreach (var input in inputs)
        {
            inputMask.Set(indexes[input]);
        }

        return new CompiledRuleSet<TFacts>(name, version, [.. steps], ordered, indexes, inputMask);
    }

    private static void CheckNames(IReadOnlyList<Rule<TFacts>> rules, List<RuleCompilationError> errors)
    {
        foreach (var rule in rules.Where(static r => string.IsNullOrWhiteSpace(r.Name)))
        {
            errors.Add(new(RuleCompilationErrorCode.EmptyName, $"A rule has an empty name (described as '{rule.Description}').", [rule.Name]));
        }

        foreach (var group in rules.Where(static r => !string.IsNullOrWhiteSpace(r.Name)).GroupBy(static r => r.Name, StringComparer.Ordinal).Where(static g => g.Count() > 1))
        {
            errors.Add(new(RuleCompilationErrorCode.DuplicateName, $"{group.Count()} rules are named '{group.Key}'; rule names must be unique.", [group.Key]));
        }

        foreach (var rule in rules.Where(static r => r.Actions.IsEmpty))
        {
            errors.Add(new(RuleCompilationErrorCode.NoAction, $"Rule '{rule.Name}' has no action: it can never assert anything.", [rule.Name]));
        }
    }

    private static void CheckFacts(IReadOnlyList<Fact<TFacts>> inputs, IReadOnlyList<Rule<TFacts>> rules, ILookup<Fact, Rule<TFacts>> providers, List<RuleCompilationError> errors)
    {
        var declared = new HashSet<Fact>(inputs, ReferenceEqualityComparer.Instance);
        foreach (var rule in rules)
        {
            foreach (var action in rule.Actions.Where(static a => a.Target.Kind == FactKind.Input))
            {
                errors.Add(new(RuleCompilationErrorCode.InvalidFactKind, $"Rule '{rule.Name}' asserts '{action.Target.Name}', an input fact; only the caller fills inputs.", [rule.Name]));
            }

            foreach (var fact in rule.Reads.Distinct())
            {
                var provided = fact.Kind == FactKind.Input ? declared.Contains(fact) : providers[fact].Any();
                if (!provided)
                {
                    var why = fact.Kind == FactKind.Input ? "an input fact not declared with Input()" : "a fact no rule asserts";
                    errors.Add(new(RuleCompilationErrorCode.UnprovidedFact, $"Rule '{rule.Name}' reads '{fact.Name}', {why}.", [rule.Name]));
                }
            }
        }
    }

    private static void CheckUnique(IReadOnlyList<Rule<TFacts>> rules, List<RuleCompilationError> errors)
    {
        var assertions = rules
            .SelectMany(r => r.Actions.Where(static a => a.Target.Kind == FactKind.Single).Select(a => (Rule: r, Action: a)))
            .GroupBy(static x => (x.Action.Target, x.Rule.Priority));
        foreach (var group in assertions)
        {
            var items = group.ToList();
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = i + 1; j < items.Count; j++)
                {
                    var (a, b) = (items[i], items[j]);
                    if (ReferenceEquals(a.Rule, b.Rule) || Exclusive(a.Rule, b.Rule) || (a.Action.IsConstant && a.Action.SameConstant(b.Action)))
                    {
                        continue;
                    }

                    errors.Add(new(
                        RuleCompilationErrorCode.UniqueViolation,
                        $"Rules '{a.Rule.Name}' and '{b.Rule.Name}' have the same priority ({a.Rule.Priority}) and can assert different values for the single fact '{a.Action.Target.Name}'; give them different priorities or make them exclusive with different keys.",
                        [a.Rule.Name, b.Rule.Name]));
                }
            }
        }
    }

    /// <summary>Two rules keyed on the same fact with different keys can never both match.</summary>
    private static bool Exclusive(Rule<TFacts> a, Rule<TFacts> b) =>
        a.Key is IKeyCondition<TFacts> ka && b.Key is IKeyCondition<TFacts> kb &&
        ReferenceEquals(ka.KeyFact, kb.KeyFact) && !Equals(ka.KeyValue, kb.KeyValue);

    /// <summary>Keyed rules on the same fact at the same priority form one node; every other rule is a node of its own.</summary>
    private static List<Node> Group(IReadOnlyList<Rule<TFacts>> rules)
    {
        var nodes = new List<Node>();
        var keyed = new Dictionary<(Fact, int), Node>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Key is IKeyCondition<TFacts> key)
            {
                if (!keyed.TryGetValue((key.KeyFact, rule.Priority), out var node))
                {
                    node = new Node(rule.Priority, i, key);
                    keyed.Add((key.KeyFact, rule.Priority), node);
                    nodes.Add(node);
                }

                node.Rules.Add(rule);
            }
            else
            {
                var node = new Node(rule.Priority, i, null);
                node.Rules.Add(rule);
                nodes.Add(node);
            }
        }

        return nodes;
    }

    /// <summary>Orders the nodes (Kahn's algorithm, ready nodes by priority then declaration); reports cycles.</summary>
    private static List<Node> Order(List<Node> nodes, ILookup<Fact, Rule<TFacts>> providers, List<RuleCompilationError> errors)
    {
        var nodeOf = new Dictionary<Rule<TFacts>, Node>(ReferenceEqualityComparer.Instance);
        foreach (var node in nodes)
        {
            foreach (var rule in node.Rules)
            {
                nodeOf[rule] = node;
            }
        }

        foreach (var node in nodes)
        {
            foreach (var fact in node.Rules.SelectMany(static r => r.Reads).Distinct())
            {
                foreach (var provider in providers[fact])
                {
                    node.AddEdgeFrom(nodeOf[provider]);
                }
            }
        }

        // Rules competing for a single fact run in priority order, so the highest-priority match decides it.
        foreach (var competitors in providers.Where(static p => p.Key.Kind == FactKind.Single))
        {
            var chain = competitors.Select(r => nodeOf[r]).Distinct().OrderByDescending(static n => n.Priority).ThenBy(static n => n.Declared).ToList();
            for (var i = 1; i < chain.Count; i++)
            {
                chain[i].AddEdgeFrom(chain[i - 1]);
            }
        }

        var ready = new SortedSet<Node>(nodes.Where(static n => n.Pending == 0), NodeOrder.Instance);
        var order = new List<Node>(nodes.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var after in next.Successors)
            {
                if (--after.Pending == 0)
                {
                    ready.Add(after);
                }
            }
        }

        if (order.Count < nodes.Count)
        {
            var cycle = FindCycle(nodes.Where(static n => n.Pending > 0).ToList());
            var names = cycle.SelectMany(static n => n.Rules.Select(static r => r.Name)).ToList();
            errors.Add(new(RuleCompilationErrorCode.Cycle, $"Rules depend on each other in a cycle: {string.Join(" → ", names.Append(names[0]))}.", names));
        }

        return order;
    }

    private static List<Node> FindCycle(List<Node> stuck)
    {
        // Every stuck node has a stuck predecessor; walking predecessors must revisit a node.
        var inStuck = new HashSet<Node>(stuck);
        var path = new List<Node>();
        var seen = new Dictionary<Node, int>();
        var current = stuck[0];
        while (!seen.ContainsKey(current))
        {
            seen[current] = path.Count;
            path.Add(current);
            current = current.Predecessors.First(inStuck.Contains);
        }

        var cycle = path.Skip(seen[current]).ToList();
        cycle.Reverse();
        return cycle;
    }

    private sealed class Node(int priority, int declared, IKeyCondition<TFacts>? key)
    {
        public int Priority { get; } = priority;

        public int Declared { get; } = declared;

        public IKeyCondition<TFacts>? Key { get; } = key;

        public List<Rule<TFacts>> Rules { get; } = [];

        public HashSet<Node> Successors { get; } = [];

        public HashSet<Node> Predecessors { get; } = [];

        public int Pending { get; set; }

        public void AddEdgeFrom(Node before)
        {
            if (before.Successors.Add(this))
            {
                Predecessors.Add(before);
                Pending++;
            }
        }
    }

    private sealed class NodeOrder : IComparer<Node>
    {
        public static readonly NodeOrder Instance = new();

        public int Compare(Node? x, Node? y)
        {
            var byPriority = y!.Priority.CompareTo(x!.Priority);
            return byPriority != 0 ? byPriority : x.Declared.CompareTo(y.Declared);
        }
    }
}
