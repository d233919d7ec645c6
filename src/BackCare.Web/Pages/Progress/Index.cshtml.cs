using BackCare.App.Assessments;
using BackCare.App.Diary;
using BackCare.Clinical.CarePlans;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Progress;

public sealed class IndexModel(DiaryService diary, AssessmentService assessments) : PageModel
{
    public IReadOnlyList<DiaryEntryRecord> Entries { get; private set; } = [];

    public ProgressResult? Result { get; private set; }

    public string Chart { get; private set; } = "";

    public int Streak { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var completed = await assessments.CompletedAsync(User.UserId(), ct);
        var weeks = completed.Count > 0 ? AssessmentService.Input(completed[0])?.DurationWeeks ?? 0 : 0;
        Entries = await diary.ListAsync(User.UserId(), null, ct);
        Streak = DiaryService.Streak(Entries, diary.Today);
        if (Entries.Any(e => e.Pain is not null)) Result = DiaryService.Progress(Entries, weeks);
        Chart = ProgressChart.Svg(Entries.Take(120).ToList(), ProgressEngine.Default, weeks);
    }
}
