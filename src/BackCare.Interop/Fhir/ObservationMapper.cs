using System.Text.Json.Nodes;
using BackCare.Clinical.Assessment;

namespace BackCare.Interop.Fhir;

/// <summary>A score as a FHIR R4 Observation (survey category; LOINC total code where one exists).</summary>
public static class ObservationMapper
{
    public static JsonObject ToObservation(Instrument instrument, InstrumentScore score, string? subjectReference = null,
        string? effective = null, string? derivedFrom = null)
    {
        var coding = instrument.Loinc?.Total is { } loinc
            ? new JsonObject { ["system"] = FhirConstants.Loinc, ["code"] = loinc, ["display"] = $"{instrument.Name} total score" }
            : new JsonObject { ["system"] = FhirConstants.ScoreCodeSystem, ["code"] = $"{instrument.Id}-total", ["display"] = $"{instrument.Name} total score" };

        var observation = new JsonObject
        {
            ["resourceType"] = "Observation",
            ["status"] = "final",
            ["category"] = new JsonArray(new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = FhirConstants.ObservationCategory, ["code"] = "survey", ["display"] = "Survey" }),
            }),
            ["code"] = new JsonObject { ["coding"] = new JsonArray(coding), ["text"] = $"{instrument.Name} total score" },
        };
        if (subjectReference is not null) observation["subject"] = new JsonObject { ["reference"] = subjectReference };
        if (effective is not null) observation["effectiveDateTime"] = effective;

        if (instrument.Scoring == ScoringMethod.Mean)
        {
            observation["valueQuantity"] = new JsonObject { ["value"] = score.Score, ["unit"] = "{score}", ["system"] = FhirConstants.Ucum, ["code"] = "{score}" };
        }
        else
        {
            observation["valueInteger"] = (int)score.Score;
        }

        if (score.Band is not null)
        {
            observation["interpretation"] = new JsonArray(new JsonObject { ["text"] = score.Band });
        }

        var components = new JsonArray();
        if (score.PsychosocialScore is { } sub)
        {
            components.Add(new JsonObject
            {
                ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = FhirConstants.ScoreCodeSystem, ["code"] = "startback-psychosocial" }), ["text"] = "STarT Back psychosocial subscale" },
                ["valueInteger"] = sub,
            });
        }

        if (instrument.SelfHarmItem is { } selfHarmItem && instrument.Items[selfHarmItem - 1].Loinc is { } itemLoinc)
        {
            components.Add(new JsonObject
            {
                ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = FhirConstants.Loinc, ["code"] = itemLoinc }), ["text"] = "Self-harm item" },
                ["valueInteger"] = score.Answers[selfHarmItem - 1],
            });
        }

        if (components.Count > 0) observation["component"] = components;
        if (derivedFrom is not null) observation["derivedFrom"] = new JsonArray(new JsonObject { ["reference"] = derivedFrom });
        return observation;
    }
}
