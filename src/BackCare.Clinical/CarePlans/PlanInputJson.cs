using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Common;
using BackCare.Clinical.Medications;

namespace BackCare.Clinical.CarePlans;

/// <summary>Strict readers for the plan and progress input documents (issue contract; extend, never rename).</summary>
public static class PlanInputJson
{
    public static (PlanInput? Input, ImmutableArray<ValidationError> Errors) ParsePlan(string text)
    {
        var (document, error) = StrictJson.Parse(text);
        if (document is null) return (null, [error!]);
        using (document) return ParsePlan(document.RootElement);
    }

    /// <summary>The plan input is the assessment document (any version this BackCare reads) with age and duration required.</summary>
    public static (PlanInput? Input, ImmutableArray<ValidationError> Errors) ParsePlan(JsonElement root)
    {
        var (assessment, errors) = AssessmentDocument.Read(root, requireAgeAndDuration: true);
        return assessment?.ToPlanInput() is { } input ? (input, []) : (null, errors);
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
