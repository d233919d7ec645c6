using System.Globalization;
using BackCare.App;
using BackCare.App.Diary;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Diary;

/// <summary>Daily check-in that works on a bad day: one tap for pain, everything else optional; history with edit.</summary>
public sealed class IndexModel(DiaryService diary, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    [BindProperty]
    public int? Pain { get; set; }

    [BindProperty]
    public int? Anxiety { get; set; }

    [BindProperty]
    public double? SleepHours { get; set; }

    [BindProperty]
    public int? ActivityMinutes { get; set; }

    [BindProperty]
    public string? MedicinesTaken { get; set; }

    [BindProperty]
    public string? Techniques { get; set; }

    [BindProperty]
    public string? Triggers { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public IReadOnlyList<DiaryEntryRecord> History { get; private set; } = [];

    public DateOnly Day { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved, CancellationToken ct)
    {
        if (!TryDay(out var day))
        {
            // A day that cannot be read or lies outside the window never reaches a query.
            Day = day;
            History = await diary.ListAsync(User.UserId(), diary.Today.AddDays(-60), ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Day = day;
        Saved = saved;
        if (await diary.GetAsync(User.UserId(), day, ct) is { } entry)
        {
            (Pain, Anxiety, SleepHours, ActivityMinutes) = (entry.Pain, entry.Anxiety, entry.SleepHours, entry.ActivityMinutes);
            (MedicinesTaken, Techniques, Triggers, Note) = (entry.MedicinesTaken, entry.Techniques, entry.Triggers, entry.Note);
        }

        History = await diary.ListAsync(User.UserId(), day.AddDays(-60), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!TryDay(out var day) || !ModelState.IsValid)
        {
            Day = day;
            ModelState.AddModelError(nameof(Pain), text["CheckValues"]);
            History = await diary.ListAsync(User.UserId(), diary.Today.AddDays(-60), ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Day = day;
        var result = await diary.SaveAsync(User.UserId(), new DiaryInput(day, Pain, Anxiety, SleepHours, ActivityMinutes, MedicinesTaken, Techniques, Triggers, Note), ct);
        if (!result.Succeeded)
        {
            foreach (var p in result.Problems) ModelState.AddModelError(char.ToUpperInvariant(p.Field[0]) + p.Field[1..], p.Message);
            History = await diary.ListAsync(User.UserId(), diary.Today.AddDays(-60), ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return RedirectToPage(new { date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), saved = true });
    }

    private bool TryDay(out DateOnly day)
    {
        // An unreadable date falls back to today, so the form shown for correction is still a real day.
        day = diary.Today;
        if (string.IsNullOrEmpty(Date)) return true;
        if (!DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            ModelState.AddModelError(nameof(Date), text["DateFormat"]);
            return false;
        }

        // 0001-01-01 or 9999-12-31 would overflow date arithmetic further on: refuse them here, with the form's message.
        if (!DiaryService.InWindow(parsed, diary.Today))
        {
            ModelState.AddModelError(nameof(Date), text["DateWindow"]);
            return false;
        }

        day = parsed;
        return true;
    }

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
