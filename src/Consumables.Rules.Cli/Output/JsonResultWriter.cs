using System.Text.Encodings.Web;
using System.Text.Json;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Output;

/// <summary>Writes the JSON output: <c>policies</c>, <c>lines</c> (every input line, in order) and <c>totals</c>, streaming.</summary>
internal sealed class JsonResultWriter(Stream output) : IResultWriter
{
    private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        _json.WriteStartObject();
        _json.WriteStartArray("policies");
        foreach (var p in policies)
        {
            _json.WriteStartObject();
            _json.WriteString("id", p.Id);
            _json.WriteString("title", p.Title);
            _json.WriteString("province", p.Province.ToString());
            _json.WriteString("effectiveFrom", p.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            if (p.EffectiveTo is { } to)
            {
                _json.WriteString("effectiveTo", to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                _json.WriteNull("effectiveTo");
            }

            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteStartArray("lines");
    }

    public void Write(InputLine input, in PricingResult result, IReadOnlyList<PricingError> errors)
    {
        _json.WriteStartObject();
        _json.WriteNumber("line", input.Number);
        foreach (var (name, value) in input.Fields)
        {
            if (value is null)
            {
                _json.WriteNull(name);
            }
            else
            {
                _json.WriteString(name, value);
            }
        }

        var values = ResultFields.Values(result);
        for (var i = 0; i < ResultFields.OutputNames.Length; i++)
        {
            var name = ResultFields.OutputNames[i];
            if (name == FieldNames.ChargeItemType && input.Fields.Any(static f => f.Key == FieldNames.ChargeItemType))
            {
                continue;   // echoed as an input field
            }

            if (values[i].Length == 0)
            {
                _json.WriteNull(name);
            }
            else if (i < 7)
            {
                _json.WritePropertyName(name);
                _json.WriteRawValue(values[i], skipInputValidation: true);
            }
            else
            {
                _json.WriteString(name, values[i]);
            }
        }

        _json.WriteBoolean("context", result.IsContext);
        _json.WriteStartArray("warnings");
        foreach (var (code, message) in ResultFields.Warnings(result.Warnings, result.Entry))
        {
            _json.WriteStartObject();
            _json.WriteString("code", code);
            _json.WriteString("message", message);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        JsonLineEnd.Write(_json, errors, result.Trace, withEntryLevel: true, result.Entry);
    }

    public void End(Totals totals)
    {
        _json.WriteEndArray();
        _json.WriteStartObject("totals");
        _json.WriteNumber("lines", totals.Lines);
        _json.WriteNumber("priced", totals.Priced);
        _json.WriteNumber("failed", totals.Failed);
        _json.WriteNumber("context", totals.Context);
        WriteAmount(FieldNames.Total, totals.Total);
        WriteAmount(FieldNames.FullySelfPaid, totals.FullySelfPaid);
        WriteAmount(FieldNames.OverLimit, totals.OverLimit);
        WriteAmount(FieldNames.PreSelfPay, totals.PreSelfPay);
        WriteAmount(FieldNames.InPolicyScope, totals.InPolicyScope);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
    }

    public void Dispose() => _json.Dispose();

    private void WriteAmount(string name, decimal value)
    {
        _json.WritePropertyName(name);
        _json.WriteRawValue(ResultFields.Amount(value), skipInputValidation: true);
    }
}
