using System.CommandLine;
using System.CommandLine.Parsing;

namespace Consumables.Rules.Cli;

/// <summary>"Did you mean" for a mistyped verb or option, and the full command path a help pointer names.</summary>
internal static class Suggestions
{
    /// <summary>The command as typed from the tool's name on: <c>consumables import products</c>.</summary>
    internal static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? s = result; s is not null; s = s.Parent)
        {
            if (s is CommandResult { Command: not RootCommand } c)
            {
                names.Insert(0, c.Command.Name);
            }
        }

        return string.Join(' ', ["consumables", .. names]);
    }

    /// <summary>One message per unrecognised token: what it is not, and the names it is nearest to, if any are near.</summary>
    internal static IEnumerable<string> ForUnmatched(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        foreach (var token in LooksLikeOptions(parse).Concat(parse.UnmatchedTokens.Where(static t => t.StartsWith("--", StringComparison.Ordinal))).Distinct(StringComparer.Ordinal))
        {
            yield return Message($"'{ConsumablesCli.Shorten(token)}' is not an option of '{CommandPath(parse.CommandResult)}'", token, OptionNames(parse.CommandResult));
        }

        // Only the first stray word can be a mistyped verb; the words after it were meant for that verb.
        if (command.Subcommands.Count > 0 && parse.UnmatchedTokens.FirstOrDefault(static t => !t.StartsWith('-')) is { } word)
        {
            yield return Message($"'{ConsumablesCli.Shorten(word)}' is not a command of '{CommandPath(parse.CommandResult)}'", word, command.Subcommands.SelectMany(static c => c.Aliases.Prepend(c.Name)));
        }
    }

    /// <summary>
    /// The arguments that look like long options (<c>--fromat</c>) and name no existing file: the parser takes an unknown
    /// option as a file name, so without this a typo would read as "the input file '--fromat' does not exist".
    /// </summary>
    internal static IEnumerable<string> LooksLikeOptions(ParseResult parse) =>
        parse.Tokens.Where(static t => t.Type == TokenType.Argument && t.Value.StartsWith("--", StringComparison.Ordinal) && t.Value.Length > 2 && !File.Exists(t.Value))
            .Select(static t => t.Value);

    /// <summary>The names within a small edit distance of <paramref name="typed"/> (a swapped pair counts as one edit), nearest first.</summary>
    internal static IReadOnlyList<string> Nearest(string typed, IEnumerable<string> names)
    {
        var limit = Math.Max(1, Math.Min(3, typed.TrimStart('-').Length / 3));
        return [.. names.Distinct(StringComparer.Ordinal)
            .Select(n => (Name: n, Distance: Distance(typed, n)))
            .Where(x => x.Distance <= limit)
            .OrderBy(static x => x.Distance).ThenBy(static x => x.Name, StringComparer.Ordinal)
            .Select(static x => x.Name)
            .Take(3)];
    }

    /// <summary>The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours, each one edit.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static string Message(string what, string typed, IEnumerable<string> names)
    {
        var near = Nearest(typed, names);
        return near.Count == 0 ? what : $"{what}. Did you mean {string.Join(" or ", near.Select(static n => $"'{n}'"))}?";
    }

    /// <summary>The options a command accepts: its own and the recursive ones of the commands above it.</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        var own = true;
        for (SymbolResult? s = result; s is not null; s = s.Parent)
        {
            if (s is CommandResult c)
            {
                foreach (var option in c.Command.Options.Where(o => own || o.Recursive))
                {
                    yield return option.Name;
                    foreach (var alias in option.Aliases.Where(static a => a.StartsWith("--", StringComparison.Ordinal)))
                    {
                        yield return alias;
                    }
                }

                own = false;
            }
        }
    }
}
