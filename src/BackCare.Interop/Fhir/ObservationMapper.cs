using BackCare.Clinical.Assessment;
using Hl7.Fhir.Model;

namespace BackCare.Interop.Fhir;

/// <summary>A score as a FHIR R4 Observation (survey category; LOINC total code where one exists).</summary>
public static class ObservationMapper
{
    public static Observation ToObservation(Instrument instrument, InstrumentScore score, string? subjectReference = null,
        string? effective = null, string? derivedFrom = null)
    {
        var coding = instrument.Loinc?.Total is { } loinc
            ? new Coding(FhirConstants.Loinc, loinc, $"{instrument.Name} total score")
            : new Coding(FhirConstants.ScoreCodeSystem, $"{instrument.Id}-total", $"{instrument.Name} total score");

        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept(FhirConstants.ObservationCategory, "survey", "Survey")],
            Code = new CodeableConcept { Coding = [coding], Text = $"{instrument.Name} total score" },
        };
        if (subjectReference is not null) observation.Subject = new ResourceReference(subjectReference);
        if (effective is not null) observation.Effective = new FhirDateTime(effective);

        observation.Value = instrument.Scoring == ScoringMethod.Mean
            ? new Quantity { Value = decimal.Parse(score.Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), Unit = "{score}", System = FhirConstants.Ucum, Code = "{score}" }
            : new Integer((int)score.Score);

        if (score.Band is not null) observation.Interpretation = [new CodeableConcept { Text = score.Band }];

        if (score.PsychosocialScore is { } sub)
        {
            observation.Component.Add(new Observation.ComponentComponent
            {
                Code = new CodeableConcept { Coding = [new Coding(FhirConstants.ScoreCodeSystem, "startback-psychosocial")], Text = "STarT Back psychosocial subscale" },
                Value = new Integer(sub),
            });
        }

        if (instrument.SelfHarmItem is { } selfHarmItem && instrument.Items[selfHarmItem - 1].Loinc is { } itemLoinc)
        {
            observation.Component.Add(new Observation.ComponentComponent
            {
                Code = new CodeableConcept { Coding = [new Coding(FhirConstants.Loinc, itemLoinc)], Text = "Self-harm item" },
                Value = new Integer(score.Answers[selfHarmItem - 1]),
            });
        }

        if (derivedFrom is not null) observation.DerivedFrom = [new ResourceReference(derivedFrom)];
        return observation;
    }
}
