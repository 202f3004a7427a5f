using System.Text.RegularExpressions;

namespace Consumables.Rules.Cli.Input;

/// <summary>
/// Recognises, from its first bytes, a file that is not charge lines but another of the tool's inputs or outputs — a
/// policy file, a catalogue or product table, a workbook, a reconciliation report — so that <c>price</c> names what was
/// given and what to do with it, before it writes anything.
/// </summary>
internal static partial class InputKind
{
    /// <summary>How many bytes are read to recognise a file.</summary>
    internal const int ProbeLength = 8192;

    /// <summary>Says what the file is when it is plainly not charge lines; <see langword="null"/> when it may be charge lines.</summary>
    internal static string? NotChargeLines(string path)
    {
        var probe = new byte[ProbeLength];
        int length;
        using (var file = File.OpenRead(path))
        {
            length = file.ReadAtLeast(probe, probe.Length, throwOnEndOfStream: false);
        }

        return Describe(probe.AsSpan(0, length));
    }

    /// <summary>Says what a file given as a policy is when it is plainly not a policy file (not JSON); <see langword="null"/> otherwise.</summary>
    internal static string? NotPolicy(string path)
    {
        var probe = new byte[ProbeLength];
        int length;
        using (var file = File.OpenRead(path))
        {
            length = file.ReadAtLeast(probe, probe.Length, throwOnEndOfStream: false);
        }

        var bytes = probe.AsSpan(0, length);
        var text = TextEncodingDetector.Detect(bytes, complete: false).GetString(bytes).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Length == 0 || text.StartsWith('{'))
        {
            return null;
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return "an Excel workbook, not a policy file: make a policy from the catalogue tables with 'consumables import'";
        }

        var first = text.Split('\n')[0].TrimEnd('\r');
        return first.Contains("med_list_codg", StringComparison.Ordinal)
            ? "charge lines (CSV), not a policy file: give it as the input, without --policy"
            : Describe(bytes) is { } kind && !kind.StartsWith("a policy", StringComparison.Ordinal)
                ? kind.Replace("not charge lines", "not a policy file", StringComparison.Ordinal)
                : $"not a policy file: a policy file is consumables-policy/1 JSON, and this begins '{(first.Length > 60 ? first[..60] + "…" : first)}'";
    }

    /// <summary>Says what the bytes are when they are plainly not charge lines; <see langword="null"/> otherwise.</summary>
    internal static string? Describe(ReadOnlySpan<byte> probe)
    {
        if (probe.StartsWith("PK\u0003\u0004"u8))
        {
            return "an Excel workbook (.xlsx), not charge lines: price reads .csv or .json; 'consumables import' reads workbooks of the catalogue tables";
        }

        var text = TextEncodingDetector.Detect(probe, complete: false).GetString(probe).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('{') && PolicyKey().IsMatch(text))
        {
            return "a policy file (consumables-policy/1), not charge lines: give it with --policy";
        }

        if (text.StartsWith('{') && ReconciliationKey().IsMatch(text) && text.Contains("\"causes\"", StringComparison.Ordinal))
        {
            return "a reconciliation report (the JSON output of 'consumables reconcile'), not charge lines";
        }

        if (text.StartsWith('{') || text.StartsWith('['))
        {
            return null;
        }

        var header = text.Split('\n').Take(30).Select(static l => l.TrimEnd('\r')).ToList();
        if (header.Any(static l => l.Contains("med_list_codg", StringComparison.Ordinal) || l.Contains("medins_list_codg", StringComparison.Ordinal)))
        {
            return header.Any(static l => l.Contains(",status,field,ours,platform,", StringComparison.Ordinal))
                ? "a reconciliation report (the CSV output of 'consumables reconcile'), not charge lines"
                : null;
        }

        var joined = string.Join(',', header);
        if (joined.Contains("医保通用名", StringComparison.Ordinal) || joined.Contains("甲乙类", StringComparison.Ordinal) || joined.Contains("最高支付限价", StringComparison.Ordinal))
        {
            return "a catalogue table (医保耗材分类代码, 医保通用名, 甲乙类…), not charge lines: make it a policy with 'consumables import catalogue'";
        }

        if (joined.Contains("注册备案号", StringComparison.Ordinal) || joined.Contains("注册证号", StringComparison.Ordinal))
        {
            return "NHSA's product table (27位码, 注册备案号…), not charge lines: merge it into a policy with 'consumables import products'";
        }

        return null;
    }

    [GeneratedRegex(@"""format""\s*:\s*""consumables-policy/|""catalogue""\s*:")]
    private static partial Regex PolicyKey();

    [GeneratedRegex(@"^\{\s*""policies""\s*:")]
    private static partial Regex ReconciliationKey();
}
