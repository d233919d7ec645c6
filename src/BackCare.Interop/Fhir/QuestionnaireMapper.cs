using System.Globalization;
using System.Text.Json.Nodes;
using BackCare.Clinical.Assessment;

namespace BackCare.Interop.Fhir;

/// <summary>Instrument definition to a FHIR R4 Questionnaire (hand-written, docs/adr/0005).</summary>
public static class QuestionnaireMapper
{
    public static JsonObject ToQuestionnaire(Instrument instrument)
    {
        var items = new JsonArray();
        foreach (var item in instrument.Items)
        {
            var options = new JsonArray();
            foreach (var answer in item.Answers)
            {
                var coding = new JsonObject
                {
                    ["system"] = answer.Loinc is null ? $"{FhirConstants.QuestionnaireBase}{instrument.Id}:answers" : FhirConstants.Loinc,
                    ["code"] = answer.Loinc ?? answer.Value.ToString(CultureInfo.InvariantCulture),
                    ["display"] = answer.Label ?? answer.Value.ToString(CultureInfo.InvariantCulture),
                };
                options.Add(new JsonObject
                {
                    ["valueCoding"] = coding,
                    ["extension"] = new JsonArray(new JsonObject { ["url"] = FhirConstants.OrdinalValueExtension, ["valueDecimal"] = answer.Value }),
                });
            }

            var entry = new JsonObject
            {
                ["linkId"] = item.Loinc is null ? $"{instrument.Id}-{item.Number}" : $"/{item.Loinc}",
                ["prefix"] = item.Number.ToString(CultureInfo.InvariantCulture),
                ["text"] = instrument.Licence.ReproduceItems && item.Text is not null ? item.Text : item.Label,
                ["type"] = "choice",
                ["required"] = true,
                ["answerOption"] = options,
            };
            if (item.Loinc is not null)
            {
                entry["code"] = new JsonArray(new JsonObject { ["system"] = FhirConstants.Loinc, ["code"] = item.Loinc });
            }

            items.Add(entry);
        }

        var questionnaire = new JsonObject
        {
            ["resourceType"] = "Questionnaire",
            ["id"] = instrument.Id,
            ["url"] = FhirConstants.QuestionnaireBase + instrument.Id,
            ["name"] = instrument.Id.ToUpperInvariant(),
            ["title"] = instrument.Name,
            ["status"] = "active",
            ["subjectType"] = new JsonArray("Patient"),
            ["description"] = instrument.Description.Text + " Recall period: " + instrument.RecallPeriod + ".",
            ["copyright"] = instrument.Licence.Notice,
            ["item"] = items,
        };
        if (instrument.Loinc?.Panel is { } panel)
        {
            questionnaire["code"] = new JsonArray(new JsonObject { ["system"] = FhirConstants.Loinc, ["code"] = panel });
        }

        return questionnaire;
    }
}
