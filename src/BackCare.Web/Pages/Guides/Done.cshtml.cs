using BackCare.App.Diary;
using BackCare.Clinical.Evidence;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Guides;

/// <summary>Marking a session done adds it to today's diary entry.</summary>
public sealed class DoneModel(DiaryService diary, EvidenceBase evidence) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Guides/Index");

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (evidence.Find(id ?? "") is not Technique technique) return NotFound();
        await diary.MarkTechniqueDoneAsync(User.UserId(), technique.Id, ct);
        return RedirectToPage("/Diary/Index", new { saved = true });
    }
}
