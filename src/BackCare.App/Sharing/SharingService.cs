using System.Security.Cryptography;
using System.Text;
using BackCare.App.Accounts;
using BackCare.App.Auditing;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Sharing;

/// <summary>A consent as the patient sees it: who, since when, its scope, and when the clinician last read the record.</summary>
public sealed record ShareView(CareShareRecord Share, string ClinicianName, string ClinicianEmail, DateTimeOffset? LastUsed);

/// <summary>A share code just created: the code itself is shown once and never stored.</summary>
public sealed record NewShareCode(string Code, ShareCodeRecord Record);

/// <summary>
/// Patients share their record with a clinician by a one-time code (created by the patient, typed in by the
/// clinician) and revoke it when they wish. Consent, redemption and revocation are audited with the change.
/// </summary>
public sealed class SharingService(BackCareDbContext db, TimeProvider clock, AuditLog audit)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromHours(72);

    /// <summary>Crockford base32 without I, L, O, U: 12 characters are 60 random bits.</summary>
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int CodeLength = 12;

    public const string InvalidCode = "This share code is not valid, has expired or was already used. Ask the person for a new one.";

    /// <summary>A new one-time code; <paramref name="allowImport"/> lets the clinician who takes it up add to the record as well as read it.</summary>
    public async Task<NewShareCode> CreateCodeAsync(Guid patientId, bool allowImport, CancellationToken ct)
    {
        var code = NewCode();
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new ShareCodeRecord
        {
            Id = Guid.NewGuid(), PatientId = patientId, CodeHash = Hash(code), Scope = ShareScopes.For(allowImport), CreatedAt = now, ExpiresAt = now + CodeLifetime,
        };
        db.ShareCodes.Add(record);
        audit.Record(AuditLog.UserActor(patientId), "create", "share_code", record.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return new NewShareCode(Display(code), record);
    }

    /// <summary>
    /// A clinician takes up a code: it is spent with one conditional update (used once, whatever the concurrency),
    /// and the consent recorded. A code for a patient who already shares with this clinician is spent and the
    /// existing consent kept; a read-only code narrows it to read-only, a code that allows adding records does not widen it.
    /// </summary>
    public async Task<Result<CareShareRecord>> RedeemAsync(Guid clinicianId, string? code, CancellationToken ct)
    {
        var normalized = Normalize(code);
        var actor = AuditLog.UserActor(clinicianId);
        if (normalized is null) return Result<CareShareRecord>.Fail("code", InvalidCode);
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Hash(normalized);
        var found = await db.ShareCodes.AsNoTracking().SingleOrDefaultAsync(c => c.CodeHash == hash, ct);
        var spent = found is null ? 0 : await db.ShareCodes
            .Where(c => c.Id == found.Id && c.UsedAt == null && c.CancelledAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now).SetProperty(c => c.UsedBy, clinicianId), ct);
        if (found is null || spent == 0 || !await db.Users.AnyAsync(u => u.Id == found.PatientId && u.Role == Roles.Patient, ct))
        {
            audit.Record(actor, "redeem_failed", "share_code", found?.Id.ToString("N"));
            await db.SaveChangesAsync(ct);
            return Result<CareShareRecord>.Fail("code", InvalidCode);
        }

        var existing = await db.CareShares.SingleOrDefaultAsync(s => s.PatientId == found.PatientId && s.ClinicianId == clinicianId && s.RevokedAt == null, ct);
        if (existing is not null)
        {
            audit.Record(actor, "redeem", "share_code", found.Id.ToString("N"));
            // A code can only narrow an existing consent: an older code that allowed adding records must not undo the
            // patient's later "stop" (adding is allowed again on the Sharing page).
            if (ShareScopes.AllowsImport(existing.Scope) && !ShareScopes.AllowsImport(found.Scope))
            {
                existing.Scope = found.Scope;
                audit.Record(actor, "stop_import", "care_share", existing.Id.ToString("N"));
            }

            await db.SaveChangesAsync(ct);
            return Result<CareShareRecord>.Ok(existing);
        }

        var share = new CareShareRecord
        {
            Id = Guid.NewGuid(), PatientId = found.PatientId, ClinicianId = clinicianId, Scope = found.Scope, ConsentedAt = found.CreatedAt, GrantedAt = now,
        };
        db.CareShares.Add(share);
        audit.Record(actor, "redeem", "share_code", found.Id.ToString("N"));
        audit.Record(actor, "create", "care_share", share.Id.ToString("N"));
        await db.SaveChangesAsync(ct);
        return Result<CareShareRecord>.Ok(share);
    }

    /// <summary>The patient withdraws consent; the clinician's next request finds no access (<see cref="PatientAccess"/>).</summary>
    public async Task<bool> RevokeAsync(Guid patientId, Guid shareId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var revoked = await db.CareShares.Where(s => s.Id == shareId && s.PatientId == patientId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
        if (revoked == 0) return false;
        audit.Record(AuditLog.UserActor(patientId), "revoke", "care_share", shareId.ToString("N"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The patient lets a clinician who reads their record also add to it, or stops that; reading is unchanged.</summary>
    public async Task<bool> SetImportAsync(Guid patientId, Guid shareId, bool allowImport, CancellationToken ct)
    {
        var scope = ShareScopes.For(allowImport);
        var changed = await db.CareShares.Where(s => s.Id == shareId && s.PatientId == patientId && s.RevokedAt == null && s.Scope != scope)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Scope, scope), ct);
        if (changed == 0) return false;
        audit.Record(AuditLog.UserActor(patientId), allowImport ? "allow_import" : "stop_import", "care_share", shareId.ToString("N"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>An unused code is cancelled by the patient who created it.</summary>
    public async Task<bool> CancelCodeAsync(Guid patientId, Guid codeId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cancelled = await db.ShareCodes.Where(c => c.Id == codeId && c.PatientId == patientId && c.UsedAt == null && c.CancelledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CancelledAt, now), ct);
        if (cancelled == 0) return false;
        audit.Record(AuditLog.UserActor(patientId), "cancel", "share_code", codeId.ToString("N"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Every consent the patient gave (active first, then revoked), each with the clinician's last read from the audit trail.</summary>
    public async Task<IReadOnlyList<ShareView>> ForPatientAsync(Guid patientId, CancellationToken ct)
    {
        var shares = await db.CareShares.AsNoTracking().Where(s => s.PatientId == patientId)
            .Join(db.Users, s => s.ClinicianId, u => u.Id, (s, u) => new { Share = s, u.DisplayName, u.Email })
            .ToListAsync(ct);
        var patient = patientId.ToString("N");
        // The latest row per clinician by id (ids grow with time; SQLite cannot take the maximum of a timestamp with offset).
        var latest = await db.AuditEntries.AsNoTracking()
            .Where(a => ClinicianReads.All.Contains(a.ResourceType) && a.ResourceId == patient && a.Action == "read")
            .GroupBy(a => a.Actor).Select(g => g.Max(a => a.Id))
            .ToListAsync(ct);
        var last = (await db.AuditEntries.AsNoTracking().Where(a => latest.Contains(a.Id)).Select(a => new { a.Actor, a.OccurredAt }).ToListAsync(ct))
            .ToDictionary(r => r.Actor, r => r.OccurredAt, StringComparer.Ordinal);
        return [.. shares
            .OrderBy(s => s.Share.RevokedAt is null ? 0 : 1).ThenByDescending(s => s.Share.GrantedAt)
            .Select(s => new ShareView(s.Share, s.DisplayName, s.Email ?? "", last.TryGetValue(AuditLog.UserActor(s.Share.ClinicianId), out var at) ? at : null))];
    }

    /// <summary>Codes the patient created that can still be used.</summary>
    public async Task<IReadOnlyList<ShareCodeRecord>> PendingCodesAsync(Guid patientId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ShareCodes.AsNoTracking()
            .Where(c => c.PatientId == patientId && c.UsedAt == null && c.CancelledAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Upper case, without spaces or dashes, with the letters people confuse mapped (O to 0, I and L to 1); null if not a code.</summary>
    public static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40) return null;
        var sb = new StringBuilder(CodeLength);
        foreach (var c in code.ToUpperInvariant())
        {
            if (c is ' ' or '-') continue;
            var mapped = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (!Alphabet.Contains(mapped, StringComparison.Ordinal)) return null;
            sb.Append(mapped);
        }

        return sb.Length == CodeLength ? sb.ToString() : null;
    }

    private static string NewCode()
    {
        var chars = new char[CodeLength];
        for (var i = 0; i < CodeLength; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    private static string Display(string code) => $"{code[..4]}-{code[4..8]}-{code[8..]}";

    private static string Hash(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalized)));
}

/// <summary>The audit resource types of a clinician's reads of a patient's record (resource id: the patient).</summary>
public static class ClinicianReads
{
    public const string PanelRow = "panel_row";
    public const string Summary = "patient_summary";
    public const string SummaryPdf = "patient_summary_pdf";

    public static readonly string[] All = [PanelRow, Summary, SummaryPdf];
}
