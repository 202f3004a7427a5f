using System.Text.Json;
using Consumables.Rules.Engine;

namespace Consumables.Rules.Cli.Output;

/// <summary>Ends a line object of a JSON output the same way for every verb: its errors, its trace when present, then a flush when enough is pending.</summary>
internal static class JsonLineEnd
{
    internal static void Write(Utf8JsonWriter json, IReadOnlyList<PricingError> errors, RuleTrace? trace, bool withEntryLevel = false, Catalogue.CatalogueEntry? entry = null)
    {
        json.WriteStartArray("errors");
        foreach (var error in errors)
        {
            json.WriteStartObject();
            json.WriteString("code", error.CodeName);
            json.WriteString("field", error.Field);
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (trace is not null)
        {
            if (withEntryLevel)
            {
                // The trace says which catalogue entry applied and at which level, before the rules that used it.
                if (entry is not null)
                {
                    json.WriteString("entry_level", ResultFields.LevelName(entry.Level));
                }
                else
                {
                    json.WriteNull("entry_level");
                }
            }

            json.WritePropertyName("trace");
            JsonSerializer.Serialize(json, trace);
        }

        json.WriteEndObject();
        if (json.BytesPending > 1 << 16)
        {
            json.Flush();
        }
    }
}
