using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BackCare.Clinical.Common;
using BackCare.Clinical.Medications;

namespace BackCare.Clinical.CarePlans;

/// <summary>Strict readers for the plan and progress input documents (issue contract; extend, never rename).</summary>
public static class PlanInputJson
{
    private static readonly string[] Allowed =
        ["age", "durationWeeks", "findings", "answers", "sleep", "medications", "conditions", "preferences", "pregnant", "breastfeeding", "alcohol"];

    public static (PlanInput? Input, ImmutableArray<ValidationError> Errors) ParsePlan(string text)
    {
        var (document, error) = StrictJson.Parse(text);
        if (document is null) return (null, [error!]);
        using (document) return ParsePlan(document.RootElement);
    }

    public static (PlanInput? Input, ImmutableArray<ValidationError> Errors) ParsePlan(JsonElement root)
    {
        var json = new StrictJson();
        if (!json.ObjectWith(root, "", Allowed)) return (null, [.. json.Errors]);
        var age = json.WholeNumber(root, "age", "", required: true);
        var weeks = json.WholeNumber(root, "durationWeeks", "", required: true);
        var findings = json.StringList(root, "findings", "");
        var answers = ImmutableDictionary.CreateBuilder<string, ImmutableArray<int?>>(StringComparer.Ordinal);
        if (root.TryGetProperty("answers", out var a) && json.ObjectWith(a, "answers", "startback", "gad7", "gad2", "phq9", "phq2", "peg", "nrs", "rmdq"))
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
        var preferences = new PlanPreferences([], null, null);
        if (root.TryGetProperty("preferences", out var pr) && json.ObjectWith(pr, "preferences", "activities", "accessToPhysiotherapy", "timePerDayMinutes"))
        {
            preferences = new PlanPreferences(
                [.. json.StringList(pr, "activities", "preferences").Select(x => x.ToLowerInvariant().Replace(' ', '_'))],
                json.Bool(pr, "accessToPhysiotherapy", "preferences"),
                json.WholeNumber(pr, "timePerDayMinutes", "preferences"));
        }

        var pregnant = json.Bool(root, "pregnant", "") ?? false;
        var breastfeeding = json.Bool(root, "breastfeeding", "") ?? false;
        var alcohol = json.Bool(root, "alcohol", "") ?? false;
        return json.HasErrors || age is null || weeks is null
            ? (null, [.. json.Errors])
            : (new PlanInput(age.Value, weeks.Value, findings, answers.ToImmutable(), sleep, medications, conditions, pregnant, breastfeeding, alcohol, preferences), []);
    }

    public static (ProgressInput? Input, ImmutableArray<ValidationError> Errors) ParseProgress(string text)
    {
        var (document, error) = StrictJson.Parse(text);
        if (document is null) return (null, [error!]);
        using (document) return ParseProgress(document.RootElement);
    }

    public static (ProgressInput? Input, ImmutableArray<ValidationError> Errors) ParseProgress(JsonElement root)
    {
        var json = new StrictJson();
        if (!json.ObjectWith(root, "", "durationWeeksAtBaseline", "entries")) return (null, [.. json.Errors]);
        var weeks = json.WholeNumber(root, "durationWeeksAtBaseline", "", required: true);
        var entries = ImmutableArray.CreateBuilder<DiaryEntry>();
        if (!root.TryGetProperty("entries", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            json.Error("entries", ValidationCodes.Required, "is required: a list of {\"date\", \"pain\", ...}");
        }
        else
        {
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var path = $"entries[{i}]";
                if (json.ObjectWith(item, path, "date", "pain", "anxiety", "sleepHours", "activityMinutes", "rmdq", "peg"))
                {
                    var dateText = json.Text(item, "date", path, required: true);
                    var pain = json.Number(item, "pain", path, required: true);
                    DateOnly date = default;
                    if (dateText is not null && !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                    {
                        json.Error($"{path}.date", ValidationCodes.Invalid, $"is '{dateText}'; use a calendar date as YYYY-MM-DD");
                    }

                    var entry = new DiaryEntry(date, pain ?? 0, json.Number(item, "anxiety", path), json.Number(item, "sleepHours", path),
                        json.WholeNumber(item, "activityMinutes", path), json.Number(item, "rmdq", path), json.Number(item, "peg", path));
                    if (dateText is not null && pain is not null) entries.Add(entry);
                }

                i++;
            }
        }

        if (weeks is null || json.HasErrors) return (null, [.. json.Errors]);
        var input = new ProgressInput(weeks.Value, entries.ToImmutable());
        var invalid = ProgressEngine.Validate(input);
        return invalid.IsEmpty ? (input, []) : (null, [.. invalid]);
    }
}
