using BackCare.App.Assessments;
using BackCare.App.Diary;
using BackCare.Clinical.CarePlans;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Progress;

public sealed class IndexModel(DiaryService diary, AssessmentService assessments, ProgressEngine progressEngine) : PageModel
{
    public IReadOnlyList<DiaryEntryRecord> Entries { get; private set; } = [];

    public ProgressResult? Result { get; private set; }

    public string Chart { get; private set; } = "";

    public int Streak { get; private set; }

    /// <summary>The assessment the progress messages are measured from (null: the whole diary).</summary>
    public DateTime? Since { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var completed = await assessments.CompletedAsync(User.UserId(), ct);
        var latest = completed.Count > 0 ? completed[0] : null;
        var weeks = latest is null ? 0 : StoredAssessment.Read(latest).Assessment?.DurationWeeks ?? 0;
        Entries = await diary.ListAsync(User.UserId(), null, ct);
        Streak = DiaryService.Streak(Entries, diary.Today);

        // The same comparison the plan uses: the diary since the latest assessment, measured against the
        // usual recovery for the pain's duration at that assessment.
        Since = latest?.CompletedAt;
        var measured = AssessmentService.DiarySince(latest, Entries);
        if (measured.Any(e => e.Pain is not null)) Result = assessments.Progress(measured, weeks);
        Chart = ProgressChart.Svg(measured.Take(120).ToList(), progressEngine, weeks);
    }
}
