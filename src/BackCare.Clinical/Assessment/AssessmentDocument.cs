using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Common;
using BackCare.Clinical.Medications;

namespace BackCare.Clinical.Assessment;

/// <summary>
/// The JSON form of <see cref="AssessmentV1"/>: the plan-input contract (<c>backcare plan</c>) plus
/// <c>"version": 1</c>. Reading is strict (wrong types and unknown fields are <see cref="ValidationError"/>s
/// naming the field). A document without a version is the form stored before versions existed: the same
/// fields, read as version 1. Any other version is refused with a clear error, never guessed at.
/// </summary>
public static class AssessmentDocument
{
    private static readonly string[] Fields =
        ["age", "durationWeeks", "findings", "answers", "sleep", "medications", "conditions", "preferences", "pregnant", "breastfeeding", "alcohol", "version"];

    private static readonly string[] Instruments = ["startback", "gad7", "gad2", "phq9", "phq2", "peg", "nrs", "rmdq"];

    public static (AssessmentV1? Assessment, ImmutableArray<ValidationError> Errors) Parse(string text)
    {
        var (document, error) = StrictJson.Parse(text);
        if (document is null) return (null, [error!]);
        using (document) return Read(document.RootElement, requireAgeAndDuration: false);
    }

    /// <summary>Reads a document; the plan input requires age and duration, a saved assessment in progress does not.</summary>
    public static (AssessmentV1? Assessment, ImmutableArray<ValidationError> Errors) Read(JsonElement root, bool requireAgeAndDuration)
    {
        var json = new StrictJson();
        if (!json.ObjectWith(root, "", Fields)) return (null, [.. json.Errors]);
        if (root.TryGetProperty("version", out var v) && !(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var version) && version == AssessmentV1.Version))
        {
            json.Error("version", ValidationCodes.Unsupported, $"is {v.GetRawText()}; this BackCare reads assessment documents of version {AssessmentV1.Version}");
            return (null, [.. json.Errors]);
        }

        var age = json.WholeNumber(root, "age", "", requireAgeAndDuration);
        var weeks = json.WholeNumber(root, "durationWeeks", "", requireAgeAndDuration);
        var findings = json.StringList(root, "findings", "");
        var answers = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<int?>>(StringComparer.Ordinal);
        if (root.TryGetProperty("answers", out var a) && json.ObjectWith(a, "answers", Instruments))
        {
            foreach (var p in a.EnumerateObject()) answers[p.Name] = json.IntList(p.Value, $"answers.{p.Name}");
        }

        SleepReport? sleep = null;
        if (root.TryGetProperty("sleep", out var sl) && json.ObjectWith(sl, "sleep", "hoursPerNight", "quality"))
        {
            sleep = new SleepReport(json.Number(sl, "hoursPerNight", "sleep"), json.WholeNumber(sl, "quality", "sleep"));
        }

        var medications = root.TryGetProperty("medications", out var m) ? MedicationInputJson.ParseMedications(json, m, "medications") : [];
        var conditions = json.StringList(root, "conditions", "");
        PlanPreferences? preferences = null;
        if (root.TryGetProperty("preferences", out var pr) && json.ObjectWith(pr, "preferences", "activities", "accessToPhysiotherapy", "timePerDayMinutes"))
        {
            preferences = new PlanPreferences(
                [.. json.StringList(pr, "activities", "preferences").Select(x => x.ToLowerInvariant().Replace(' ', '_'))],
                json.Bool(pr, "accessToPhysiotherapy", "preferences"),
                json.WholeNumber(pr, "timePerDayMinutes", "preferences"));
        }

        var pregnant = json.Bool(root, "pregnant", "");
        var breastfeeding = json.Bool(root, "breastfeeding", "");
        var alcohol = json.Bool(root, "alcohol", "");
        if (json.HasErrors) return (null, [.. json.Errors]);
        return (new AssessmentV1
        {
            Age = age,
            DurationWeeks = weeks,
            Findings = findings,
            Answers = answers.ToImmutable(),
            Sleep = sleep,
            Medications = medications,
            Conditions = conditions,
            Pregnant = pregnant,
            Breastfeeding = breastfeeding,
            Alcohol = alcohol,
            Preferences = preferences,
        }, []);
    }

    /// <summary>The version 1 document: unanswered parts are left out, so reading it back gives the same assessment.</summary>
    public static string ToJson(AssessmentV1 assessment)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", AssessmentV1.Version);
            if (assessment.Age is { } age) w.WriteNumber("age", age);
            if (assessment.DurationWeeks is { } weeks) w.WriteNumber("durationWeeks", weeks);
            Strings(w, "findings", assessment.Findings);
            if (!assessment.Answers.IsEmpty)
            {
                w.WriteStartObject("answers");
                foreach (var (instrument, values) in assessment.Answers)
                {
                    w.WriteStartArray(instrument);
                    foreach (var value in values)
                    {
                        if (value is { } n) w.WriteNumberValue(n);
                        else w.WriteNullValue();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            if (assessment.Sleep is { } sleep)
            {
                w.WriteStartObject("sleep");
                if (sleep.HoursPerNight is { } hours) w.WriteNumber("hoursPerNight", hours);
                if (sleep.Quality is { } quality) w.WriteNumber("quality", quality);
                w.WriteEndObject();
            }

            if (!assessment.Medications.IsDefaultOrEmpty)
            {
                w.WriteStartArray("medications");
                foreach (var medicine in assessment.Medications) Medication(w, medicine);
                w.WriteEndArray();
            }

            Strings(w, "conditions", assessment.Conditions);
            if (assessment.Alcohol is { } alcohol) w.WriteBoolean("alcohol", alcohol);
            if (assessment.Pregnant is { } pregnant) w.WriteBoolean("pregnant", pregnant);
            if (assessment.Breastfeeding is { } breastfeeding) w.WriteBoolean("breastfeeding", breastfeeding);
            if (assessment.Preferences is { } preferences)
            {
                w.WriteStartObject("preferences");
                Strings(w, "activities", preferences.Activities, always: true);
                if (preferences.AccessToPhysiotherapy is { } physio) w.WriteBoolean("accessToPhysiotherapy", physio);
                if (preferences.TimePerDayMinutes is { } minutes) w.WriteNumber("timePerDayMinutes", minutes);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Strings(Utf8JsonWriter w, string name, ImmutableArray<string> values, bool always = false)
    {
        if (values.IsDefaultOrEmpty && !always) return;
        w.WriteStartArray(name);
        foreach (var value in values.IsDefault ? [] : values) w.WriteStringValue(value);
        w.WriteEndArray();
    }

    private static void Medication(Utf8JsonWriter w, MedicationEntry medicine)
    {
        if (medicine.RxNorm is null && medicine.DurationWeeks is null && medicine.Name is not null)
        {
            w.WriteStringValue(medicine.Name);
            return;
        }

        w.WriteStartObject();
        if (medicine.Name is not null) w.WriteString("name", medicine.Name);
        if (medicine.RxNorm is not null) w.WriteString("rxnorm", medicine.RxNorm);
        if (medicine.DurationWeeks is { } weeks) w.WriteNumber("durationWeeks", weeks);
        w.WriteEndObject();
    }
}
