using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Sharing;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Clinicians;

/// <summary>Filters of the panel: name search, STarT Back group, alert group, last check-in ("week", "month", "older", "never").</summary>
public sealed record PanelQuery(string? Search = null, string? Risk = null, string? Alert = null, string? CheckIn = null, int Page = 1);

public sealed record ReviewView(string ReviewerName, DateTime ReviewedAt, string? Note);

/// <summary>An alert on a row; <see cref="Review"/> is set when a clinician reviewed exactly this alert (same signature).</summary>
public sealed record RowAlert(PanelAlert Alert, ReviewView? Review);

public sealed record PanelRow(Guid PatientId, string Name, string? RiskGroup, DateOnly? LastCheckIn, int? DaysSinceCheckIn, IReadOnlyList<RowAlert> Alerts)
{
    /// <summary>Unreviewed alerts first (by kind), then patients whose alerts were all reviewed, then the rest.</summary>
    public int SortKey => Alerts.Where(a => a.Review is null).Select(a => a.Alert.Rank).DefaultIfEmpty(-1).Min() is var open and >= 0
        ? open
        : Alerts.Count > 0 ? 10 + Alerts.Min(a => a.Alert.Rank) : 100;
}

public sealed record PanelView(IReadOnlyList<PanelRow> Rows, int Total, int Matching, IReadOnlyDictionary<string, int> OpenCounts, int Page, int Pages);

/// <summary>
/// "Who needs me today?": every patient who shares with the clinician, ordered by their most urgent unreviewed alert
/// (red flags and PHQ-9 item 9 first, then escalations, STarT Back high, major medication findings, stopped checking in),
/// with filters, search and a count per alert group. Each row shown is audited as a read of that patient's record.
/// </summary>
public sealed class ClinicianPanel(BackCareDbContext db, PatientAccess access, PanelFactsStore facts, AuditLog audit, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>Days without a check-in after which a patient who was checking in is flagged (a workflow setting, not clinical advice).</summary>
    public const int StoppedCheckingInDays = 7;

    public const int MaxNoteLength = 500;

    public async Task<PanelView> ReadAsync(Guid clinicianId, PanelQuery query, CancellationToken ct)
    {
        var ids = await access.SharedPatientIdsAsync(clinicianId, ct);
        var rows = await RowsAsync(ids, ct);
        var counts = AlertKinds.Groups.ToDictionary(g => g, g => rows.Count(r => r.Alerts.Any(a => a.Review is null && AlertKinds.Group(a.Alert.Kind) == g)), StringComparer.Ordinal);
        var matching = rows.Where(r => Matches(r, query)).OrderBy(r => r.SortKey)
            .ThenByDescending(r => r.Alerts.Where(a => a.Alert.Rank == r.SortKey % 10).Select(a => a.Alert.Since).DefaultIfEmpty().Max())
            .ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var shown = matching.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var actor = AuditLog.UserActor(clinicianId);
        foreach (var row in shown) audit.RecordRead(actor, ClinicianReads.PanelRow, row.PatientId.ToString("N"));
        return new PanelView(shown, rows.Count, matching.Count, counts, page, pages);
    }

    /// <summary>One patient's row (for the summary), or null without access.</summary>
    public async Task<PanelRow?> RowAsync(Guid clinicianId, Guid patientId, CancellationToken ct) =>
        await access.CanClinicianReadAsync(clinicianId, patientId, ct) ? (await RowsAsync([patientId], ct)).SingleOrDefault() : null;

    /// <summary>
    /// Marks one current alert reviewed. Refused (false) without access or when the alert is no longer current
    /// (something new happened since the page was shown): the clinician sees the new state instead.
    /// </summary>
    public async Task<Result<AlertReviewRecord>> MarkReviewedAsync(Guid clinicianId, Guid patientId, string? signature, string? note, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNoteLength }) return Result<AlertReviewRecord>.Fail("note", $"Keep the note to {MaxNoteLength} characters.");
        var row = await RowAsync(clinicianId, patientId, ct);
        var alert = row?.Alerts.FirstOrDefault(a => a.Alert.Signature == signature)?.Alert;
        if (alert is null) return Result<AlertReviewRecord>.Fail("signature", "This alert has changed or is no longer there; the list now shows what is current.");
        var review = new AlertReviewRecord
        {
            Id = Guid.NewGuid(), PatientId = patientId, ReviewerId = clinicianId, Kind = alert.Kind, Signature = alert.Signature,
            ReviewedAt = clock.GetUtcNow().UtcDateTime, Note = note,
        };
        db.AlertReviews.Add(review);
        audit.Record(AuditLog.UserActor(clinicianId), "review", "panel_alert", patientId.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<AlertReviewRecord>.Ok(review);
    }

    private async Task<List<PanelRow>> RowsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var current = await facts.CurrentAsync(ids, ct);
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var reviews = (await db.AlertReviews.AsNoTracking().Where(r => ids.Contains(r.PatientId))
                .Join(db.Users, r => r.ReviewerId, u => u.Id, (r, u) => new { r.PatientId, r.Signature, r.ReviewedAt, r.Note, u.DisplayName })
                .ToListAsync(ct))
            .GroupBy(r => (r.PatientId, r.Signature))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ReviewedAt).Select(r => new ReviewView(r.DisplayName, r.ReviewedAt, r.Note)).First());
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = new List<PanelRow>(ids.Count);
        foreach (var id in ids)
        {
            var f = current[id];
            var alerts = f.Alerts.ToList();
            int? days = f.LastCheckIn is { } last ? today.DayNumber - last.DayNumber : null;
            if (days >= StoppedCheckingInDays)
            {
                alerts.Add(new PanelAlert(AlertKinds.StoppedCheckingIn, AlertKinds.Rank(AlertKinds.StoppedCheckingIn), "", [],
                    f.LastCheckIn!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), $"checkin:{f.LastCheckIn:yyyy-MM-dd}"));
            }

            rows.Add(new PanelRow(id, names.GetValueOrDefault(id, ""), f.RiskGroup, f.LastCheckIn, days,
                [.. alerts.Select(a => new RowAlert(a, reviews.GetValueOrDefault((id, a.Signature))))]));
        }

        return rows;
    }

    private static bool Matches(PanelRow row, PanelQuery q) =>
        (string.IsNullOrWhiteSpace(q.Search) || row.Name.Contains(q.Search.Trim(), StringComparison.CurrentCultureIgnoreCase))
        && (string.IsNullOrEmpty(q.Risk) || (q.Risk == "none" ? row.RiskGroup is null : row.RiskGroup == q.Risk))
        && (string.IsNullOrEmpty(q.Alert) || (q.Alert == "none" ? row.Alerts.Count == 0 : row.Alerts.Any(a => AlertKinds.Group(a.Alert.Kind) == q.Alert)))
        && (string.IsNullOrEmpty(q.CheckIn) || q.CheckIn switch
        {
            "week" => row.DaysSinceCheckIn < 7,
            "month" => row.DaysSinceCheckIn is >= 7 and < 31,
            "older" => row.DaysSinceCheckIn >= 31,
            "never" => row.DaysSinceCheckIn is null,
            _ => true,
        });
}
