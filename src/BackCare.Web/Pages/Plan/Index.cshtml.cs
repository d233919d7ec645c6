using BackCare.App.Assessments;
using BackCare.App.Diary;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Plan;

/// <summary>The latest plan, moved forward by the diary, with each step's reason and sources, and what changed since the last assessment.</summary>
public sealed class IndexModel(AssessmentService assessments, DiaryService diary) : PageModel
{
    public EvidenceBase Evidence { get; } = EmbeddedEvidence.Default;

    public CarePlan? Plan { get; private set; }

    public DateTime? AssessedAt { get; private set; }

    public IReadOnlyList<string> Added { get; private set; } = [];

    public IReadOnlyList<string> Removed { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var completed = await assessments.CompletedAsync(User.UserId(), ct);
        if (completed.Count == 0) return RedirectToPage("/Assessment/Index");
        var latest = completed[0];
        if (latest.Disposition == "emergency") return RedirectToPage("/Assessment/Emergency");
        AssessedAt = latest.CompletedAt;
        var entries = await diary.ListAsync(User.UserId(), DateOnly.FromDateTime(latest.CompletedAt!.Value), ct);
        Plan = AssessmentService.CurrentPlan(latest, entries, diary.Today);
        if (completed.Count > 1 && AssessmentService.BuildPlan(completed[1]) is { } previous && Plan is not null)
        {
            var before = previous.Steps.Select(s => s.Title).ToHashSet();
            var after = Plan.Steps.Select(s => s.Title).ToHashSet();
            Added = [.. after.Except(before)];
            Removed = [.. before.Except(after)];
        }

        return Page();
    }

    /// <summary>The questionnaire scores behind the plan, in the order the assessment asked them.</summary>
    public IEnumerable<InstrumentScore> ScoresInOrder() => Plan is null ? [] : AssessmentService.ScoresInOrder(Plan);

    public string Cite(IEnumerable<string> ids) => string.Join("; ", ids.Select(id => Evidence.Source(id)?.ShortCitation ?? id));
}
