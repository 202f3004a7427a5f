using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Consumables.Rules.Cli;
using nietras.SeparatedValues;

namespace Consumables.Rules.Benchmarks;

/// <summary>
/// <c>consumables price</c> over a file of charge lines against its I/O floor, per format: for CSV the same file read and
/// written with Sep (the fastest CSV reader and writer served here), for JSON a Utf8JsonReader/Utf8JsonWriter copy; 20
/// columns added to every row, nothing priced. Goal: the tool at most 2× the floor on one core, memory flat. 100,000
/// lines here (quick under <c>--job Dry</c>); <c>-- ratios io</c> runs 1,000,000.
/// </summary>
[MemoryDiagnoser]
public class CommandLineBenchmarks
{
    private IoFiles _files = null!;

    /// <summary>Gets or sets the input's and output's format.</summary>
    [Params("csv", "json")]
    public string Format { get; set; } = "csv";

    /// <summary>Gets or sets how many lines the input holds.</summary>
    [Params(100_000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup() => _files = IoFiles.Create(Lines);

    [GlobalCleanup]
    public void Cleanup() => _files.Dispose();

    [Benchmark(Baseline = true)]
    public long Floor() => Format == "csv" ? IoFloor.SepReadWrite(_files.Csv, _files.Output) : IoFloor.JsonReadWrite(_files.Json, _files.Output);

    [Benchmark]
    public long Price() => IoFloor.Price(Format == "csv" ? _files.Csv : _files.Json, _files.Output, Format);
}

/// <summary>An input file of charge lines in CSV and JSON (the rows of docs/examples/charges.csv, repeated) and an output path.</summary>
internal sealed class IoFiles : IDisposable
{
    private const string Header = "feedetl_sn,med_list_codg,cnt,pric,fee_ocur_time,insutype,insuplc_admdvs,prodplac_type,hosp_appr_flag,service_item_code";

    private static readonly string[] Rows =
    [
        "C02010100200301100010000001,1,590.00,2026-03-02 09:15:00,310,141100,,0,",
        "C02010100200301200020000001,1,800.00,2026-03-02 09:20:00,310,141100,,0,",
        "C01010100101001047440000001,1,9000.00,2026-03-03 10:00:00,310,141100,,0,",
        "C03111608002007064100000001,2,1200.00,2026-03-03 10:05:00,310,141100,1,0,331501001",
        "C14010200100101300010000010,3,35.50,2026-03-04 11:00:00,390,141102,,0,",
        "C12010100300101600060000001,1,480.00,2026-03-04 11:05:00,310,141100,,1,",
        "C05020300100201700070000001,1,260.00,2026-03-05 12:00:00,310,141100,,0,",
        "C99999999999999999999999999,1,100.00,2026-03-05 12:05:00,310,141100,,0,",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("consumables-io-").FullName;

    internal string Csv => Path.Combine(_directory, "charges.csv");

    internal string Json => Path.Combine(_directory, "charges.json");

    internal string Output => Path.Combine(_directory, "out");

    internal static IoFiles Create(int lines)
    {
        var files = new IoFiles();
        using (var csv = new StreamWriter(files.Csv, false, new UTF8Encoding(false), 1 << 16))
        {
            csv.Write(Header);
            csv.Write('\n');
            for (var i = 0; i < lines; i++)
            {
                csv.Write(i + 1);
                csv.Write(',');
                csv.Write(Rows[i % Rows.Length]);
                csv.Write('\n');
            }
        }

        using (var stream = File.Create(files.Json))
        using (var json = new Utf8JsonWriter(stream))
        {
            var names = Header.Split(',');
            json.WriteStartArray();
            for (var i = 0; i < lines; i++)
            {
                json.WriteStartObject();
                var values = (i + 1).ToString(CultureInfo.InvariantCulture) + "," + Rows[i % Rows.Length];
                var fields = values.Split(',');
                for (var f = 0; f < names.Length; f++)
                {
                    json.WriteString(names[f], fields[f]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return files;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>The floors (plain read-and-write) and the tool's run, shared by the benchmarks and <c>-- ratios io</c>.</summary>
internal static class IoFloor
{
    private static readonly string[] Added = [.. Enumerable.Range(0, 20).Select(static i => "out" + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Reads every row with Sep and writes it back with 20 columns added (7 decimals formatted, 13 texts).</summary>
    internal static long SepReadWrite(string input, string output)
    {
        using (var reader = Sep.Reader().FromFile(input))
        using (var writer = reader.Spec.Writer().ToFile(output))
        {
            foreach (var row in reader)
            {
                var price = row["pric"].Parse<decimal>();
                using var written = writer.NewRow(row);
                for (var i = 0; i < Added.Length; i++)
                {
                    if (i < 7)
                    {
                        written[Added[i]].Format(price * i);
                    }
                    else
                    {
                        written[Added[i]].Set(row["med_list_codg"].Span);
                    }
                }
            }
        }

        return new FileInfo(output).Length;
    }

    /// <summary>Reads every line object with Utf8JsonReader and writes it back with 20 fields added.</summary>
    internal static long JsonReadWrite(string input, string output)
    {
        var bytes = File.ReadAllBytes(input);
        using (var stream = File.Create(output))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var reader = new Utf8JsonReader(bytes);
            writer.WriteStartObject();
            writer.WriteStartArray("lines");
            var price = 0m;
            string? name = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.PropertyName:
                        name = reader.GetString();
                        break;
                    case JsonTokenType.String:
                        var text = reader.GetString();
                        writer.WriteString(name!, text);
                        if (name == "pric")
                        {
                            price = decimal.Parse(text!, CultureInfo.InvariantCulture);
                        }

                        break;
                    case JsonTokenType.EndObject:
                        for (var i = 0; i < Added.Length; i++)
                        {
                            if (i < 7)
                            {
                                writer.WriteNumber(Added[i], price * i);
                            }
                            else
                            {
                                writer.WriteString(Added[i], "C02010100200301100010000001");
                            }
                        }

                        writer.WriteEndObject();
                        break;
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return new FileInfo(output).Length;
    }

    /// <summary>Runs <c>consumables price --format FORMAT -o OUTPUT INPUT</c> in process.</summary>
    internal static long Price(string input, string output, string format)
    {
        var console = new CliConsole(static () => Stream.Null, static () => Stream.Null, TextWriter.Null, TextWriter.Null, OutputIsTerminal: false, ErrorIsTerminal: false);
        PriceCommand.Run(console, [], format, explain: false, output, input);
        return new FileInfo(output).Length;
    }
}
