using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// The daily check-in reminder as an iCalendar feed: a subscription URL carrying the person's secret
/// calendar token (works with any phone calendar) with one recurring event linking to the check-in page.
/// </summary>
internal static class CalendarEndpoints
{
    public static void MapCalendar(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendar/{token}.ics", async (string token, BackCareDbContext db, IOptions<HostingOptions> hosting, TimeProvider clock, CancellationToken ct) =>
        {
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.CalendarToken == token, ct);
            if (user is null) return Results.NotFound();
            return Results.Text(Ics(EventUid(user.Id), user.ReminderTime, CheckInUrl(hosting.Value), clock.GetUtcNow()), "text/calendar; charset=utf-8");
        });

    /// <summary>The check-in page at the configured public address (never the request's Host header).</summary>
    public static string CheckInUrl(HostingOptions hosting) => hosting.BaseUrl + "/Diary";

    /// <summary>The subscription link at the configured public address.</summary>
    public static string SubscriptionUrl(HostingOptions hosting, string calendarToken) => $"{hosting.BaseUrl}/calendar/{calendarToken}.ics";

    /// <summary>A stable event id that does not reveal the internal user id (a one-way hash of it).</summary>
    public static string EventUid(Guid userId) =>
        "checkin-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("backcare-calendar:" + userId.ToString("N"))))[..32] + "@backcare";

    /// <summary>RFC 5545 calendar with a daily floating-time event (or none when no reminder is set).</summary>
    public static string Ics(string eventUid, string? reminderTime, string checkInUrl, DateTimeOffset now)
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
                $"UID:{eventUid}",
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
