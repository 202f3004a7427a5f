using System.Text.Encodings.Web;
using System.Text.Json;
using Consumables.Rules.Cli.Input;
using Consumables.Rules.Cli.Output;
using Consumables.Rules.Policy;

namespace Consumables.Rules.Cli.Reconcile;

/// <summary>
/// Writes <c>{ "policies", "lines": [ { "line", "status", "input", "fields", "causes", "rules", "errors", "trace" } ],
/// "totals", "summary" }</c>, streaming: every input line, in input order.
/// </summary>
internal sealed class JsonReconciliationWriter(Stream output) : IReconciliationWriter
{
    private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public void Begin(IReadOnlyList<PolicyVersion> policies)
    {
        _json.WriteStartObject();
        _json.WriteStartArray("policies");
        foreach (var p in policies)
        {
            _json.WriteStringValue(ResultFields.PolicySummary(p));
        }

        _json.WriteEndArray();
        _json.WriteStartArray("lines");
    }

    public void Write(InputLine input, LineReconciliation line)
    {
        _json.WriteStartObject();
        _json.WriteNumber("line", input.Number);
        _json.WriteString("status", line.StatusName);
        _json.WriteString(FieldNames.SerialNumber, input.Raw.SerialNumber);
        _json.WriteString(FieldNames.Code, input.Raw.Code);
        _json.WriteString("policy_id", line.Result.PolicyId);
        _json.WriteStartObject("input");
        foreach (var (name, value) in input.Fields)
        {
            _json.WriteString(name, value);
        }

        _json.WriteEndObject();
        _json.WriteStartArray("fields");
        foreach (var field in line.Fields)
        {
            _json.WriteStartObject();
            _json.WriteString("field", field.Field);
            _json.WriteString("ours", field.Ours);
            _json.WriteString("platform", field.Platform);
            _json.WriteBoolean("agrees", field.Agrees);
            if (field.Difference is { } difference)
            {
                _json.WritePropertyName("difference");
                _json.WriteRawValue(difference.ToString(System.Globalization.CultureInfo.InvariantCulture), skipInputValidation: true);
            }

            if (!field.Agrees)
            {
                _json.WriteString("cause", field.CauseName);
                _json.WriteString("explanation", field.Explanation);
            }

            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteStartArray("causes");
        foreach (var cause in line.Differences.Select(static f => f.CauseName).Distinct())
        {
            _json.WriteStringValue(cause);
        }

        _json.WriteEndArray();
        _json.WriteStartArray("rules");
        foreach (var rule in ReconciliationSummary.FiredRules(line))
        {
            _json.WriteStringValue(rule);
        }

        _json.WriteEndArray();
        JsonLineEnd.Write(_json, line.Errors, line.Trace);
    }

    public void End(ReconciliationSummary summary)
    {
        _json.WriteEndArray();
        _json.WriteStartObject("totals");
        _json.WriteNumber("lines", summary.Lines);
        _json.WriteNumber("agree", summary.Agree);
        _json.WriteNumber("differ", summary.Differ);
        _json.WriteNumber("errors", summary.Errors);
        WriteAmounts("ours", summary.Ours);
        WriteAmounts("platform", summary.Platform);
        _json.WriteEndObject();
        _json.WriteStartArray("summary");
        foreach (var (cause, totals) in summary.ByCause)
        {
            _json.WriteStartObject();
            _json.WriteString("cause", FieldComparison.NameOf(cause));
            _json.WriteNumber("lines", totals.Lines);
            _json.WriteNumber("differences", totals.Differences);
            _json.WritePropertyName("amount");
            _json.WriteRawValue(ResultFields.Amount(totals.Amount), skipInputValidation: true);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
    }

    public void Dispose() => _json.Dispose();

    private void WriteAmounts(string name, decimal[] amounts)
    {
        _json.WriteStartObject(name);
        for (var i = 0; i < amounts.Length; i++)
        {
            _json.WritePropertyName(ReconciliationSummary.AmountFields[i]);
            _json.WriteRawValue(ResultFields.Amount(amounts[i]), skipInputValidation: true);
        }

        _json.WriteEndObject();
    }
}
