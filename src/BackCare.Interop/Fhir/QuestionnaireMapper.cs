using System.Globalization;
using BackCare.Clinical.Assessment;
using Hl7.Fhir.Model;

namespace BackCare.Interop.Fhir;

/// <summary>Instrument definition to a FHIR R4 Questionnaire.</summary>
public static class QuestionnaireMapper
{
    public static Questionnaire ToQuestionnaire(Instrument instrument)
    {
        var questionnaire = new Questionnaire
        {
            Id = instrument.Id,
            Url = FhirConstants.QuestionnaireBase + instrument.Id,
            Name = instrument.Id.ToUpperInvariant(),
            Title = instrument.Name,
            Status = PublicationStatus.Active,
            SubjectType = [ResourceType.Patient],
            Description = new Markdown(instrument.Description.Text + " Recall period: " + instrument.RecallPeriod + "."),
            Copyright = new Markdown(instrument.Licence.Notice),
        };
        if (instrument.Loinc?.Panel is { } panel) questionnaire.Code = [new Coding(FhirConstants.Loinc, panel)];

        foreach (var item in instrument.Items)
        {
            var entry = new Questionnaire.ItemComponent
            {
                LinkId = LinkId(instrument, item),
                Prefix = item.Number.ToString(CultureInfo.InvariantCulture),
                Text = instrument.Licence.ReproduceItems && item.Text is not null ? item.Text : item.Label,
                Type = Questionnaire.QuestionnaireItemType.Choice,
                Required = true,
            };
            if (item.Loinc is not null) entry.Code = [new Coding(FhirConstants.Loinc, item.Loinc)];
            foreach (var answer in item.Answers)
            {
                var option = new Questionnaire.AnswerOptionComponent { Value = AnswerCoding(instrument, answer) };
                option.Extension.Add(new Extension(FhirConstants.OrdinalValueExtension, new FhirDecimal(answer.Value)));
                entry.AnswerOption.Add(option);
            }

            questionnaire.Item.Add(entry);
        }

        return questionnaire;
    }

    /// <summary>The linkId BackCare uses for an item: "/LOINC" where the item has a LOINC code, else "instrument-number".</summary>
    public static string LinkId(Instrument instrument, InstrumentItem item) =>
        item.Loinc is null ? $"{instrument.Id}-{item.Number}" : $"/{item.Loinc}";

    /// <summary>An answer as a coding: the LOINC answer code where there is one, else BackCare's own answer system.</summary>
    public static Coding AnswerCoding(Instrument instrument, AnswerOption answer) =>
        answer.Loinc is null
            ? new Coding($"{FhirConstants.QuestionnaireBase}{instrument.Id}:answers", answer.Value.ToString(CultureInfo.InvariantCulture), answer.Label ?? answer.Value.ToString(CultureInfo.InvariantCulture))
            : new Coding(FhirConstants.Loinc, answer.Loinc, answer.Label);
}
