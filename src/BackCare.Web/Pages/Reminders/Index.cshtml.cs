using BackCare.App.Accounts;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackCare.Web.Pages.Reminders;

/// <summary>A daily check-in reminder the person controls, as a calendar subscription or download.</summary>
public sealed class IndexModel(AccountService accounts, TimeProvider clock, IOptions<HostingOptions> hosting) : PageModel
{
    [BindProperty]
    public string? Time { get; set; }

    public string SubscriptionUrl { get; private set; } = "";

    /// <summary>What was just done ("saved", "off", "new_link"), shown as a status message.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostNewLinkAsync(CancellationToken ct)
    {
        await accounts.NewCalendarLinkAsync(User.UserId(), ct);
        return RedirectToPage(new { done = "new_link" });
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.SetReminderAsync(User.UserId(), string.IsNullOrWhiteSpace(Time) ? null : Time.Trim(), ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(Time), result.Problems[0].Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await Load(ct);
            return Page();
        }

        return RedirectToPage(new { done = result.Value!.ReminderTime is null ? "off" : "saved" });
    }

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        var user = await accounts.FindAsync(User.UserId(), ct);
        var ics = CalendarEndpoints.Ics(CalendarEndpoints.EventUid(user!.Id), user.ReminderTime, CalendarEndpoints.CheckInUrl(hosting.Value), clock.GetUtcNow());
        return File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar", "backcare-check-in.ics");
    }

    private async Task Load(CancellationToken ct)
    {
        var user = await accounts.FindAsync(User.UserId(), ct);
        Time ??= user?.ReminderTime;
        SubscriptionUrl = CalendarEndpoints.SubscriptionUrl(hosting.Value, user?.CalendarToken ?? "");
    }
}
