using System.Globalization;
using System.Text.Json.Nodes;
using BackCare.App.Assessments;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.Clinical.Triage;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Assessment;

/// <summary>
/// The assessment, one screen at a time: red flags first (an emergency stops the flow), then STarT Back,
/// pain, anxiety (GAD-7), mood (PHQ-9, item 9 always produces the crisis message), sleep, medicines and
/// preferences. Saved after every screen, so it resumes where the person left off.
/// </summary>
public sealed class IndexModel(AssessmentService assessments, LicensedWording wording, IStringLocalizer<SharedResource> text) : PageModel
{
    public static readonly string[] Activities = ["walking", "swimming", "yoga", "pilates", "tai_chi", "mindfulness", "cycling"];

    public EvidenceBase Evidence { get; } = EmbeddedEvidence.Default;

    public string Step { get; private set; } = AssessmentService.Steps[0];

    public int StepNumber => Array.IndexOf(AssessmentService.Steps, Step) + 1;

    public JsonObject Saved { get; private set; } = [];

    public bool ShowCrisis { get; private set; }

    /// <summary>Roland-Morris is optional and offered only where the deployment supplied its licensed wording.</summary>
    public bool OffersRolandMorris => wording.Has("rmdq");

    /// <summary>The screen before this one, to go back and change an answer (null on the first).</summary>
    public string? PreviousStep => StepNumber > 1 ? AssessmentService.Steps[StepNumber - 2] : null;

    public async Task<IActionResult> OnGetAsync(string? step, CancellationToken ct)
    {
        var current = await assessments.CurrentOrDraftAsync(User.UserId(), ct);
        Step = step is not null && AssessmentService.CanOpen(current, step) ? step : current.Step;
        Saved = AssessmentService.Document(current);
        ShowCrisis = Saved["answers"]?["phq9"] is JsonArray phq && phq.Count == 9 && phq[8]?.GetValue<int>() > 0;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string step, CancellationToken ct)
    {
        Step = AssessmentService.Steps.Contains(step) ? step : AssessmentService.Steps[0];
        // No assessment is created until a screen is accepted: a refused form stores nothing (issue 13 §6 fuzzing
        // found a refused post after a finished assessment adding a new, empty one). A new one starts at the first screen.
        var current = await assessments.CurrentAsync(User.UserId(), ct);
        if (current is null ? Step != AssessmentService.Steps[0] : !AssessmentService.CanOpen(current, Step)) return RedirectToPage();
        var part = Read(Step);
        if (!ModelState.IsValid)
        {
            // Show what was just entered, not what was saved before, so nothing typed is lost.
            Saved = current is null ? [] : AssessmentService.Document(current);
            foreach (var (key, value) in part)
            {
                if (key == "answers" && value is JsonObject answers)
                {
                    var merged = Saved["answers"] as JsonObject ?? [];
                    foreach (var (instrument, values) in answers) merged[instrument] = values?.DeepClone();
                    Saved["answers"] = merged.DeepClone();
                }
                else
                {
                    Saved[key] = value?.DeepClone();
                }
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        current ??= await assessments.CurrentOrNewAsync(User.UserId(), ct);
        var saved = await assessments.SaveStepAsync(current, Step, part, ct);
        if (saved.Disposition == "emergency") return RedirectToPage("/Assessment/Emergency");
        return saved.Step == "done" ? RedirectToPage("/Plan/Index", new { updated = true }) : RedirectToPage();
    }

    private JsonObject Read(string step)
    {
        var form = Request.Form;
        var part = new JsonObject();
        switch (step)
        {
            case "redflags":
                var age = WholeNumber("age", 16, 120, text["WhatAge"]);
                var weeks = WholeNumber("durationWeeks", 0, 5200, text["WhatWeeks"]);
                part["age"] = age;
                part["durationWeeks"] = weeks;
                var findings = form["findings"].Where(f => Evidence.Finding(f!) is not null).Select(f => (JsonNode)f!).ToArray();
                part["findings"] = new JsonArray(findings);
                break;
            case "startback":
                part["answers"] = new JsonObject { ["startback"] = Answers("startback") };
                break;
            case "pain":
                var pain = new JsonObject { ["nrs"] = Answers("nrs"), ["peg"] = Answers("peg") };
                if (OffersRolandMorris) pain["rmdq"] = RolandMorris();
                part["answers"] = pain;
                break;
            case "anxiety":
                part["answers"] = new JsonObject { ["gad7"] = Answers("gad7") };
                break;
            case "mood":
                part["answers"] = new JsonObject { ["phq9"] = Answers("phq9") };
                break;
            case "sleep":
                var hours = Number("hoursPerNight", 0, 24, text["WhatSleepHours"]);
                var quality = WholeNumber("quality", 0, 10, text["WhatSleepQuality"]);
                part["sleep"] = new JsonObject { ["hoursPerNight"] = hours, ["quality"] = quality };
                break;
            case "medicines":
                var lines = form["medicines"].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length > 30) ModelState.AddModelError("medicines", text["AtMostMedicines"]);
                part["medications"] = new JsonArray([.. lines.Take(30).Select(l => (JsonNode)l)]);
                part["conditions"] = new JsonArray([.. form["conditions"].Where(c => Evidence.Condition(c!) is not null).Select(c => (JsonNode)c!)]);
                part["alcohol"] = form["alcohol"] == "yes";
                part["pregnant"] = form["pregnant"] == "yes";
                part["breastfeeding"] = form["breastfeeding"] == "yes";
                break;
            case "preferences":
                var minutes = WholeNumber("timePerDayMinutes", 5, 120, text["WhatMinutes"]);
                part["preferences"] = new JsonObject
                {
                    ["activities"] = new JsonArray([.. form["activities"].Where(a => Activities.Contains(a)).Select(a => (JsonNode)a!)]),
                    ["accessToPhysiotherapy"] = form["physio"] != "no",
                    ["timePerDayMinutes"] = minutes,
                };
                break;
        }

        return part;
    }

    private JsonArray Answers(string instrumentId)
    {
        var instrument = Evidence.Instrument(instrumentId)!;
        var values = new int?[instrument.Items.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var raw = Request.Form[$"{instrumentId}_{i + 1}"].ToString();
            values[i] = int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        }

        foreach (var error in InstrumentScorer.Score(instrument, values).Errors)
        {
            var item = error.Item ?? 1;
            ModelState.AddModelError($"{instrumentId}_{item}", error.Code == ValidationCodes.Required
                ? text["AnswerQuestion", item]
                : text["ChooseAnswer", item]);
        }

        return new JsonArray([.. values.Select(v => (JsonNode?)v)]);
    }

    /// <summary>
    /// Ticked statements score 1, the rest 0; "none apply" is a score of 0; nothing ticked means the
    /// person skipped it (null, which also clears an earlier answer on this assessment).
    /// </summary>
    private JsonArray? RolandMorris()
    {
        var count = Evidence.Instrument("rmdq")!.Items.Length;
        var ticked = Enumerable.Range(1, count).Select(n => Request.Form[$"rmdq_{n}"] == "1").ToArray();
        var noneApply = Request.Form["rmdq_none"] == "yes";
        if (noneApply && ticked.Any(t => t))
        {
            ModelState.AddModelError("rmdq", text["RmdqBoth"]);
        }

        return noneApply || ticked.Any(t => t) ? new JsonArray([.. ticked.Select(t => (JsonNode)(t ? 1 : 0))]) : null;
    }

    private int? WholeNumber(string name, int min, int max, string what)
    {
        var raw = Request.Form[name].ToString();
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        ModelState.AddModelError(name, text["EnterWholeNumber", what, min, max]);
        return null;
    }

    private double? Number(string name, double min, double max, string what)
    {
        var raw = Request.Form[name].ToString();
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        ModelState.AddModelError(name, text["EnterNumber", what, min, max]);
        return null;
    }

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    /// <summary>What the person typed into a field on the screen just posted (so a rejected value is shown for correction, not lost), else the saved value.</summary>
    public string? FieldValue(string field, JsonNode? saved) =>
        HttpMethods.IsPost(Request.Method) && Request.HasFormContentType && Request.Form.TryGetValue(field, out var typed) ? typed.ToString() : saved?.ToString();

    /// <summary>The saved list of strings at a path such as "preferences.activities".</summary>
    public HashSet<string> SavedSet(params string[] path)
    {
        JsonNode? node = Saved;
        foreach (var key in path) node = node?[key];
        return node is JsonArray array ? [.. array.Select(v => v?.ToString() ?? "")] : [];
    }

    public bool SavedFlag(string key) => Saved[key]?.GetValue<bool>() == true;

    public int? SavedAnswer(string instrument, int item) =>
        Saved["answers"]?[instrument] is JsonArray a && a.Count >= item ? a[item - 1]?.GetValue<int?>() : null;

    public IEnumerable<TriageFinding> FindingsIn(string group) => Evidence.Findings.Where(f => f.Group == group);
}
