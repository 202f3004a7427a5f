using System.Text;
using Consumables.Rules.Policy;
using Consumables.Rules.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Consumables.Rules.Tests.Reliability;

/// <summary>Hostile input, exact money at scale, concurrency and reload (docs/reliability.md names each guarantee's test).</summary>
public class ReliabilityTests
{
    /// <summary>Set CONSUMABLES_FULL=1 to run the long properties at full size (1,000,000 lines); CI runs 20,000.</summary>
    private static readonly int ScaleLines = Environment.GetEnvironmentVariable("CONSUMABLES_FULL") == "1" ? 1_000_000 : 20_000;

    private static RawChargeLine Raw(string code = "C03111608002007064100000001", string cnt = "1", string pric = "1200.00", string date = "2026-03-02") =>
        new() { Code = code, Quantity = cnt, UnitPrice = pric, ServiceTime = date, InsuranceType = "310", PoolingArea = "141100" };

    private static PricingError OnlyError(RawChargeLine raw) => Assert.Single(ConsumablePricer.CreateDefault().Price(raw).Errors);

    [Fact]
    public void A_product_beyond_the_decimal_range_is_an_error_not_an_exception()
    {
        var error = OnlyError(Raw(cnt: "999999999999.9999", pric: "9999999999.999999"));

        Assert.Equal(PricingErrorCode.AmountOverflow, error.Code);
    }

    [Theory]
    [InlineData("1.000000000000000000000000000001", "cnt")]
    [InlineData("79228162514264337593543950336", "cnt")]
    public void Numbers_beyond_the_platform_precision_or_decimal_range_are_refused_not_rounded(string cnt, string field)
    {
        var error = OnlyError(Raw(cnt: cnt));

        Assert.Equal((PricingErrorCode.InvalidField, field), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("0000-01-01")]
    [InlineData("2026-02-30")]
    [InlineData("2026-03-02T10:00:00")]
    [InlineData("")]
    public void Malformed_or_impossible_dates_are_refused(string date)
    {
        Assert.Equal("fee_ocur_time", OnlyError(Raw(date: date)).Field);
    }

    [Fact]
    public void The_last_representable_day_is_priced_under_an_open_ended_policy()
    {
        Assert.Empty(ConsumablePricer.CreateDefault().Price(Raw(date: "9999-12-31")).Errors);
    }

    [Theory]
    [InlineData(" C03111608002007064100000001", "position 1")]
    [InlineData("C03111608002007064100000001 ", "position 28")]
    [InlineData("C０3111608002007064100000001", "position 2")]
    public void Whitespace_and_full_width_digits_in_codes_are_errors_naming_the_position(string code, string where)
    {
        var error = OnlyError(Raw(code: code));

        Assert.Equal(PricingErrorCode.InvalidCode, error.Code);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_stream_larger_than_the_bound_is_a_problem_not_an_out_of_memory()
    {
        var result = PolicyVersion.Load(new EndlessJson());

        Assert.False(result.IsValid);
        Assert.Contains("MiB", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conservation_and_mirror_hold_at_scale()
    {
        var pricer = ConsumablePricer.CreateDefault();
        var config = Config.QuickThrowOnFailure.WithMaxTest(ScaleLines);
        Check.One(config, PricingLaws.Conservation(pricer, PolicyVersion.Default));
        Check.One(config, PricingLaws.Mirror(pricer, PolicyVersion.Default));
    }

    [Fact]
    public void Eight_threads_pricing_through_one_pricer_give_exactly_the_sequential_results()
    {
        var pricer = ConsumablePricer.CreateDefault();
        string[] codes =
        [
            "C02010100200301100010000001", "C02010100200301200020000001", "C02010100200301300030000001", "C01010100101001047440000001",
            "C03111608002007064100000001", "C14010200100101300010000010", "C12010100300101600060000001", "C05020300100201700070000001",
            "C14010200100101300010000009", "C99010100100101800080000001", "C07010100100101500050000001",
        ];
        var lines = Enumerable.Range(0, 100_000).Select(i => ChargeLine.Create(
            codes[i % codes.Length], (i % 7) - 3 + (i % 7 == 3 ? 1 : 0) + ((i % 13) / 100m), (i * 7919 % 9_000_000) / 100m,
            new DateOnly(2026, 1, 1).AddDays(i % 400), i % 9 == 0 ? InsuranceType.Resident : InsuranceType.Employee,
            i % 3 == 0 ? "141102" : "141100", (Catalogue.Origin?)(i % 4 == 0 ? null : (Catalogue.Origin)(1 + (i % 2))),
            (HospitalApproval)(i % 3), i % 5 == 0 ? "331501001" : null)).ToArray();
        var sequential = lines.Select(l => pricer.Price(l)).ToArray();

        var parallel = new PricingResult[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var results = new PricingResult[lines.Length];
            pricer.PriceBatch(lines, results);
            parallel[t] = results;
        });

        Assert.All(parallel, results => Assert.True(results.SequenceEqual(sequential, ResultComparer.Instance)));
    }

    [Fact]
    public async Task A_reload_under_load_loses_no_line_and_mixes_no_versions()
    {
        var v1 = PolicyVersion.Default;
        var v2 = PolicyBuilder.From(v1).Build();
        var v2Json = v1.ToJson().Replace("\"sx-2026-b1\"", "\"sx-2026-b1r2\"", StringComparison.Ordinal).Replace("\"maxPaymentLimit\": 1000.00", "\"maxPaymentLimit\": 1100.00", StringComparison.Ordinal);
        ConsumablesRulesOptions Options(string json) => new() { PolicyStreams = { () => new MemoryStream(Encoding.UTF8.GetBytes(json)) } };
        var pricer = ConsumablePricer.Create(Options(v1.ToJson()));
        var line = ChargeLine.Create("C03111608002007064100000001", 1m, 1200m, new DateOnly(2026, 3, 2), InsuranceType.Employee, "141100");
        var expected = new Dictionary<string, decimal> { ["sx-2026-b1"] = 900m, ["sx-2026-b1r2"] = 990m };

        using var stop = new CancellationTokenSource();
        var reloads = Task.Run(() =>
        {
            for (var i = 0; i < 40; i++)
            {
                pricer.Reload(Options(i % 2 == 0 ? v2Json : v1.ToJson()));
            }

            stop.Cancel();
        });
        var counts = new int[8];
        var wrong = 0;
        Parallel.For(0, 8, t =>
        {
            while (!stop.IsCancellationRequested || counts[t] < 1000)
            {
                var r = pricer.Price(line);
                counts[t]++;
                if (!r.IsPriced || !expected.TryGetValue(r.PolicyId!, out var inScope) || r.InPolicyScope != inScope)
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });
        await reloads;

        Assert.Equal(0, wrong);
        Assert.All(counts, static c => Assert.True(c >= 1000));
        Assert.NotNull(v2);
    }

    private sealed class ResultComparer : IEqualityComparer<PricingResult>
    {
        public static readonly ResultComparer Instance = new();

        public bool Equals(PricingResult a, PricingResult b) =>
            (a.Total, a.FullySelfPaid, a.OverLimit, a.PreSelfPay, a.InPolicyScope, a.PriceBasis, a.PolicyId, a.Warnings) ==
            (b.Total, b.FullySelfPaid, b.OverLimit, b.PreSelfPay, b.InPolicyScope, b.PriceBasis, b.PolicyId, b.Warnings)
            && a.Errors.Select(static e => e.Code).SequenceEqual(b.Errors.Select(static e => e.Code));

        public int GetHashCode(PricingResult obj) => obj.Total.GetHashCode();
    }

    /// <summary>A stream that never ends: a JSON string that goes on for ever.</summary>
    private sealed class EndlessJson : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var start = "{\"title\": \""u8;
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = _position < start.Length ? start[_position] : (byte)'a';
                _position = _position < start.Length ? _position + 1 : _position;
            }

            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
