using BackCare.App.Assessments;
using BackCare.App.Diary;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Common;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Plan;

/// <summary>
/// The latest plan, moved forward by the diary, with each step's reason and sources, and what changed since the
/// plan shown before. Every plan shown is stored (<see cref="PlanSnapshotRecord"/>), so an earlier one can be shown
/// again word for word (<c>?snapshot=ID</c>), whatever the evidence base has become since.
/// </summary>
public sealed class IndexModel(AssessmentService assessments, DiaryService diary, BackCare.App.Fhir.ImportedSelfHarm importedSelfHarm) : PageModel
{
    /// <summary>An imported PHQ-9, newer than the assessment, answers item 9 above zero: the crisis message comes first.</summary>
    public bool ImportedCrisis { get; private set; }

    public PlanSnapshot? Snapshot { get; private set; }

    public CarePlan? Plan => Snapshot?.Plan;

    public DateTime? AssessedAt { get; private set; }

    /// <summary>Set when an earlier stored plan is shown instead of the current one.</summary>
    public PlanSnapshotRecord? Viewing { get; private set; }

    /// <summary>Why the latest assessment cannot be shown (saved in a form this version cannot read), or null.</summary>
    public ValidationError? Unreadable { get; private set; }

    public IReadOnlyList<PlanSnapshotRecord> History { get; private set; } = [];

    public IReadOnlyList<string> Added { get; private set; } = [];

    public IReadOnlyList<string> Removed { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? snapshot, CancellationToken ct)
    {
        var completed = await assessments.CompletedAsync(User.UserId(), ct);
        if (completed.Count == 0) return RedirectToPage("/Assessment/Index");
        var latest = completed[0];
        if (latest.Disposition == "emergency") return RedirectToPage("/Assessment/Emergency");
        History = await assessments.SnapshotsAsync(User.UserId(), ct);
        ImportedCrisis = await importedSelfHarm.ShowsCrisisAsync(User.UserId(), ct);
        if (snapshot is { } id)
        {
            Viewing = History.FirstOrDefault(h => h.Id == id);
            if (Viewing is null) return NotFound();
            var (stored, problem) = PlanSnapshot.Parse(Viewing.SnapshotJson);
            (Snapshot, Unreadable) = (stored, problem);
            AssessedAt = completed.FirstOrDefault(a => a.Id == Viewing.AssessmentId)?.CompletedAt;
            return Page();
        }

        AssessedAt = latest.CompletedAt;
        var entries = await diary.ListAsync(User.UserId(), DateOnly.FromDateTime(latest.CompletedAt!.Value), ct);
        var shown = await assessments.ShownPlanAsync(StoredAssessment.Read(latest), entries, diary.Today, ct);
        (Snapshot, Unreadable) = (shown.Current, shown.Problem);
        if (shown.Current is not null) History = await assessments.SnapshotsAsync(User.UserId(), ct);
        var previous = shown.Previous?.Plan
            ?? (completed.Count > 1 && StoredAssessment.Read(completed[1]).Assessment is { } before ? assessments.BuildPlan(before) : null);
        if (previous is not null && Plan is not null)
        {
            var beforeTitles = previous.Steps.Select(s => s.Title).ToHashSet();
            var after = Plan.Steps.Select(s => s.Title).ToHashSet();
            Added = [.. after.Except(beforeTitles)];
            Removed = [.. beforeTitles.Except(after)];
        }

        return Page();
    }

    /// <summary>The questionnaire scores behind the plan, in the order the assessment asked them.</summary>
    public IEnumerable<InstrumentScore> ScoresInOrder() => Plan is null ? [] : AssessmentService.ScoresInOrder(Plan);
}
