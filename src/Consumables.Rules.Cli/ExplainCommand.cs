using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Consumables.Rules.Cli;

/// <summary><c>explain --code … --quantity … --price … --date … --insutype … --area …</c>: one line with its full trace.</summary>
internal static class ExplainCommand
{
    internal static Command Create(CliConsole console, Option<string[]> policies)
    {
        var code = new Option<string>("--code") { Description = "The 27-character consumable code (med_list_codg).", Required = true };
        var quantity = new Option<string>("--quantity") { Description = "The quantity (cnt).", Required = true };
        var price = new Option<string>("--price") { Description = "The unit price (pric).", Required = true };
        var date = new Option<string>("--date") { Description = "The service date, yyyy-MM-dd (fee_ocur_time).", Required = true };
        var insutype = new Option<string>("--insutype") { Description = "The insurance type: 310 or 390.", DefaultValueFactory = _ => "310" };
        var area = new Option<string>("--area") { Description = "The 6-digit pooling area (insuplc_admdvs).", Required = true };
        var origin = new Option<string?>("--origin") { Description = "The origin: 1 domestic, 2 imported (prodplac_type)." };
        var approval = new Option<string?>("--approval") { Description = "The hospital approval flag: 0, 1 or 2 (hosp_appr_flag)." };
        var serviceItem = new Option<string?>("--service-item") { Description = "The medical service item code (service_item_code)." };
        var json = new Option<bool>("--json") { Description = "Write the result and trace as JSON." };

        var command = new Command("explain", "Price one line and show every rule considered, whether it fired and why.")
        {
            policies, EngineChoice.Option, code, quantity, price, date, insutype, area, origin, approval, serviceItem, json,
        };
        command.SetAction(parse =>
        {
            var raw = new RawChargeLine
            {
                Code = parse.GetValue(code),
                Quantity = parse.GetValue(quantity),
                UnitPrice = parse.GetValue(price),
                ServiceTime = parse.GetValue(date),
                InsuranceType = parse.GetValue(insutype),
                PoolingArea = parse.GetValue(area),
                Origin = parse.GetValue(origin),
                HospitalApproval = parse.GetValue(approval),
                ServiceItemCode = parse.GetValue(serviceItem),
            };
            return Run(console, parse.GetValue(policies) ?? [], raw, parse.GetValue(json), EngineChoice.From(parse), Labels.From(parse, console));
        });
        return command;
    }

    private static int Run(CliConsole console, IReadOnlyList<string> policyPaths, RawChargeLine raw, bool json, PricingEngine engine, Labels labels)
    {
        var timeline = PolicyFiles.LoadTimeline(policyPaths);
        var pricer = ConsumablePricer.Create(timeline, EngineChoice.Options(engine));
        PricingResult result;
        if (ChargeLine.TryParse(raw, out var line, out var errors))
        {
            result = pricer.Explain(line);
        }
        else
        {
            result = new PricingResult { Errors = errors };
        }

        var o = console.Out;
        if (json)
        {
            o.WriteLine(JsonSerializer.Serialize(new
            {
                policy_id = result.PolicyId,
                price_basis = Output.ResultFields.BasisName(result.PriceBasis),
                generic_name_code = result.GenericNameCode?.ToString(),
                generic_name = result.GenericName,
                entry_level = result.Entry is { } applied ? Output.ResultFields.LevelName(applied.Level) : null,
                det_item_fee_sumamt = result.Total,
                fulamt_ownpay_amt = result.FullySelfPaid,
                overlmt_amt = result.OverLimit,
                preselfpay_amt = result.PreSelfPay,
                inscp_scp_amt = result.InPolicyScope,
                errors = result.Errors.Select(static e => new { code = e.CodeName, field = e.Field, message = e.Message }),
                trace = result.Trace?.Entries,
            }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return result.IsPriced ? ExitCodes.Success : ExitCodes.LineErrors;
        }

        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"line: {raw.Code} × {raw.Quantity} at {raw.UnitPrice} on {raw.ServiceTime}, insutype {raw.InsuranceType}, area {raw.PoolingArea}"));
        o.WriteLine($"policy: {result.PolicyId ?? "(none)"}");
        o.WriteLine($"entry: {Output.ResultFields.EntryApplied(result) ?? "(not listed)"}");
        if (result.Trace is { } trace)
        {
            o.WriteLine("rules:");
            foreach (var entry in trace.Entries)
            {
                o.WriteLine($"  [{(entry.Fired ? "fired" : "     ")}] {entry.Rule}: {entry.Because}");
                foreach (var asserted in entry.Asserted)
                {
                    o.WriteLine($"          → {Output.TraceText.Asserted(asserted)}");
                }
            }
        }

        if (!result.IsPriced)
        {
            foreach (var error in result.Errors)
            {
                o.WriteLine($"error: {error.CodeName} ({error.Field}): {error.Message}");
            }

            return ExitCodes.LineErrors;
        }

        o.WriteLine(string.Create(inv, $"price basis: {Output.ResultFields.BasisName(result.PriceBasis)}; effective limit {result.EffectiveLimit:F6}; ratio {result.SelfPayRatio:F4}"));
        o.WriteLine($"{labels["explain.sources"]}:");
        foreach (var source in ExplainSources.Describe(result, timeline, labels))
        {
            o.WriteLine("  " + source);
        }

        o.WriteLine(labels.IsChinese
            ? string.Create(inv, $"{labels.Field(FieldNames.Total)} {result.Total:F2} = {labels.Field(FieldNames.FullySelfPaid)} {result.FullySelfPaid:F2} + {labels.Field(FieldNames.OverLimit)} {result.OverLimit:F2} + {labels.Field(FieldNames.PreSelfPay)} {result.PreSelfPay:F2} + {labels.Field(FieldNames.InPolicyScope)} {result.InPolicyScope:F2}")
            : string.Create(inv, $"total {result.Total:F2} = fully self-paid {result.FullySelfPaid:F2} + over-limit {result.OverLimit:F2} + pre-self-pay {result.PreSelfPay:F2} + in-policy-scope {result.InPolicyScope:F2}"));
        foreach (var (code, message) in Output.ResultFields.Warnings(result.Warnings, result.Entry))
        {
            o.WriteLine($"warning: {code}: {message}");
        }

        return ExitCodes.Success;
    }
}
