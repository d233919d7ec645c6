using System.Globalization;
using System.Text;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// The daily check-in reminder as an iCalendar feed: a subscription URL carrying the person's secret
/// calendar token (works with any phone calendar) with one recurring event linking to the check-in page.
/// </summary>
internal static class CalendarEndpoints
{
    public static void MapCalendar(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendar/{token}.ics", async (string token, HttpContext http, BackCareDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.CalendarToken == token, ct);
            if (user is null) return Results.NotFound();
            var checkIn = $"{http.Request.Scheme}://{http.Request.Host}/Diary";
            return Results.Text(Ics(user.Id, user.ReminderTime, checkIn, clock.GetUtcNow()), "text/calendar; charset=utf-8");
        });

    /// <summary>RFC 5545 calendar with a daily floating-time event (or none when no reminder is set).</summary>
    public static string Ics(Guid userId, string? reminderTime, string checkInUrl, DateTimeOffset now)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//BackCare//Daily check-in//EN",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:BackCare check-in",
        };
        if (reminderTime is not null && TimeOnly.TryParseExact(reminderTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var start = DateOnly.FromDateTime(now.UtcDateTime).ToDateTime(time);
            lines.AddRange(
            [
                "BEGIN:VEVENT",
                $"UID:checkin-{userId:N}@backcare",
                $"DTSTAMP:{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}",
                $"DTSTART:{start:yyyyMMdd'T'HHmmss}",
                "DURATION:PT5M",
                "RRULE:FREQ=DAILY",
                "SUMMARY:BackCare daily check-in",
                $"DESCRIPTION:One tap for today's pain: {checkInUrl}",
                $"URL:{checkInUrl}",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:BackCare daily check-in",
                "TRIGGER:PT0M",
                "END:VALARM",
                "END:VEVENT",
            ]);
        }

        lines.Add("END:VCALENDAR");
        var builder = new StringBuilder();
        foreach (var line in lines) builder.Append(line).Append("\r\n");
        return builder.ToString();
    }
}
