using System.Globalization;
using System.Collections.Immutable;
using BackCare.App.Assessments;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
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
public sealed class IndexModel(AssessmentService assessments, LicensedWording wording, EvidenceBase evidence, IStringLocalizer<SharedResource> text, BackCare.App.Fhir.ImportedSelfHarm importedSelfHarm) : PageModel
{
    public static readonly string[] Activities = ["walking", "swimming", "yoga", "pilates", "tai_chi", "mindfulness", "cycling"];

    public EvidenceBase Evidence { get; } = evidence;

    public string Step { get; private set; } = AssessmentSteps.All[0];

    public int StepNumber => AssessmentSteps.IndexOf(Step) + 1;

    /// <summary>The answers shown on the screen: the saved assessment, or on a refused post what was just entered.</summary>
    public AssessmentV1 Saved { get; private set; } = AssessmentV1.Empty;

    /// <summary>Why the stored assessment cannot be shown (saved by a version of BackCare this one cannot read), or null.</summary>
    public ValidationError? Unreadable { get; private set; }

    public bool ShowCrisis => Saved.SelfHarmThoughts || ImportedCrisis;

    /// <summary>An imported PHQ-9 newer than the last completed assessment answers item 9 above zero (ImportedSelfHarm).</summary>
    public bool ImportedCrisis { get; private set; }

    /// <summary>Roland-Morris is optional and offered only where the deployment supplied its licensed wording.</summary>
    public bool OffersRolandMorris => wording.Has("rmdq");

    /// <summary>The screen before this one, to go back and change an answer (null on the first).</summary>
    public string? PreviousStep => StepNumber > 1 ? AssessmentSteps.All[StepNumber - 2] : null;

    public async Task<IActionResult> OnGetAsync(string? step, CancellationToken ct)
    {
        var current = await assessments.CurrentOrDraftAsync(User.UserId(), ct);
        Step = step is not null && AssessmentService.CanOpen(current, step) ? step : current.Step;
        Show(StoredAssessment.Read(current));
        ImportedCrisis = await importedSelfHarm.ShowsCrisisAsync(User.UserId(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string step, CancellationToken ct)
    {
        Step = AssessmentSteps.IsStep(step) ? step : AssessmentSteps.All[0];
        // No assessment is created until a screen is accepted: a refused form stores nothing (issue 13 §6 fuzzing
        // found a refused post after a finished assessment adding a new, empty one). A new one starts at the first screen.
        var current = await assessments.CurrentAsync(User.UserId(), ct);
        if (current is null ? Step != AssessmentSteps.All[0] : !AssessmentService.CanOpen(current, Step)) return RedirectToPage();
        var stored = current is null ? null : StoredAssessment.Read(current);
        if (stored?.Problem is not null)
        {
            // Nothing is merged into a document this version cannot read; the page says so instead.
            Show(stored);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var screen = Read(Step);
        if (!ModelState.IsValid)
        {
            // Show what was just entered, not what was saved before, so nothing typed is lost.
            Saved = AssessmentSteps.Merge(stored?.Assessment ?? AssessmentV1.Empty, Step, screen);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        current ??= await assessments.CurrentOrNewAsync(User.UserId(), ct);
        var saved = await assessments.SaveStepAsync(current, Step, screen, ct);
        if (saved.Disposition == "emergency") return RedirectToPage("/Assessment/Emergency");
        return saved.Step == AssessmentSteps.Done ? RedirectToPage("/Plan/Index", new { updated = true }) : RedirectToPage();
    }

    /// <summary>Sets an unreadable assessment in progress aside (kept as it was) so a new one can start.</summary>
    public async Task<IActionResult> OnPostStartAgainAsync(CancellationToken ct)
    {
        await assessments.SetAsideUnreadableAsync(User.UserId(), ct);
        return RedirectToPage();
    }

    private void Show(StoredAssessment stored)
    {
        Saved = stored.Assessment ?? AssessmentV1.Empty;
        Unreadable = stored.Problem;
    }

    /// <summary>The screen's answers, typed; anything refused is a model error naming the field.</summary>
    private AssessmentV1 Read(string step)
    {
        var form = Request.Form;
        switch (step)
        {
            case "redflags":
                return AssessmentV1.Empty with
                {
                    Age = WholeNumber("age", 16, 120, text["WhatAge"]),
                    DurationWeeks = WholeNumber("durationWeeks", 0, 5200, text["WhatWeeks"]),
                    Findings = [.. form["findings"].Where(f => Evidence.Finding(f!) is not null).Select(f => f!).Distinct(StringComparer.Ordinal)],
                };
            case "startback":
            case "anxiety":
            case "mood":
                var instrument = step switch { "startback" => "startback", "anxiety" => "gad7", _ => "phq9" };
                return WithAnswers((instrument, Answers(instrument)));
            case "pain":
                return WithAnswers(("nrs", Answers("nrs")), ("peg", Answers("peg")), ("rmdq", OffersRolandMorris ? RolandMorris() : null));
            case "sleep":
                return AssessmentV1.Empty with
                {
                    Sleep = new SleepReport(Number("hoursPerNight", 0, 24, text["WhatSleepHours"]), WholeNumber("quality", 0, 10, text["WhatSleepQuality"])),
                };
            case "medicines":
                var lines = form["medicines"].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length > 30) ModelState.AddModelError("medicines", text["AtMostMedicines"]);
                return AssessmentV1.Empty with
                {
                    Medications = [.. lines.Take(30).Select(l => new MedicationEntry(l, null, null))],
                    Conditions = [.. form["conditions"].Where(c => Evidence.Condition(c!) is not null).Select(c => c!).Distinct(StringComparer.Ordinal)],
                    Alcohol = form["alcohol"] == "yes",
                    Pregnant = form["pregnant"] == "yes",
                    Breastfeeding = form["breastfeeding"] == "yes",
                };
            default: // preferences
                return AssessmentV1.Empty with
                {
                    Preferences = new PlanPreferences(
                        [.. form["activities"].Where(a => Activities.Contains(a)).Select(a => a!).Distinct(StringComparer.Ordinal)],
                        form["physio"] != "no",
                        WholeNumber("timePerDayMinutes", 5, 120, text["WhatMinutes"])),
                };
        }
    }

    private static AssessmentV1 WithAnswers(params (string Instrument, ImmutableArray<int?>? Answers)[] answers) => AssessmentV1.Empty with
    {
        Answers = answers.Where(a => a.Answers is not null)
            .ToImmutableSortedDictionary(a => a.Instrument, a => a.Answers!.Value, StringComparer.Ordinal),
    };

    private ImmutableArray<int?> Answers(string instrumentId)
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

        return [.. values];
    }

    /// <summary>
    /// Ticked statements score 1, the rest 0; "none apply" is a score of 0; nothing ticked means the
    /// person skipped it (null, which also clears an earlier answer on this assessment).
    /// </summary>
    private ImmutableArray<int?>? RolandMorris()
    {
        var count = Evidence.Instrument("rmdq")!.Items.Length;
        var ticked = Enumerable.Range(1, count).Select(n => Request.Form[$"rmdq_{n}"] == "1").ToArray();
        var noneApply = Request.Form["rmdq_none"] == "yes";
        if (noneApply && ticked.Any(t => t))
        {
            ModelState.AddModelError("rmdq", text["RmdqBoth"]);
        }

        return noneApply || ticked.Any(t => t) ? [.. ticked.Select(t => (int?)(t ? 1 : 0))] : null;
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
    public string? FieldValue(string field, object? saved) =>
        HttpMethods.IsPost(Request.Method) && Request.HasFormContentType && Request.Form.TryGetValue(field, out var typed)
            ? typed.ToString()
            : saved is null ? null : Convert.ToString(saved, CultureInfo.InvariantCulture);

    public int? SavedAnswer(string instrument, int item) =>
        Saved.AnswersTo(instrument) is { } a && a.Length >= item ? a[item - 1] : null;

    public IEnumerable<TriageFinding> FindingsIn(string group) => Evidence.Findings.Where(f => f.Group == group);
}
