using System.Collections.Concurrent;
using BackCare.App.Assessments;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Clinicians;

/// <summary>
/// Parsed panel facts by patient, each with the version it was computed from. Only a hint: every read checks the
/// stored versions first, so a node never serves facts older than the database says (several nodes may run).
/// </summary>
public sealed class PanelFactsCache
{
    internal ConcurrentDictionary<Guid, (long Version, PanelFacts Facts)> Entries { get; } = new();
}

/// <summary>
/// Reads patients' panel facts, computing again those whose diary or assessments changed since they were computed
/// (or that were never computed). Callers decide who may read whom (<see cref="Sharing.PatientAccess"/>).
/// </summary>
public sealed class PanelFactsStore(BackCareDbContext db, PanelFactsBuilder builder, PanelFactsCache cache, Fhir.ImportedSelfHarm importedSelfHarm)
{
    public async Task<Dictionary<Guid, PanelFacts>> CurrentAsync(IReadOnlyCollection<Guid> patientIds, CancellationToken ct)
    {
        var versions = await db.PanelFacts.AsNoTracking().Where(f => patientIds.Contains(f.PatientId))
            .Select(f => new { f.PatientId, f.ChangeVersion, f.ComputedVersion }).ToDictionaryAsync(f => f.PatientId, ct);
        var facts = new Dictionary<Guid, PanelFacts>(patientIds.Count);
        var toRead = new List<Guid>();
        foreach (var id in patientIds)
        {
            if (!versions.TryGetValue(id, out var v) || v.ChangeVersion != v.ComputedVersion) continue;
            if (cache.Entries.TryGetValue(id, out var hit) && hit.Version == v.ComputedVersion) facts[id] = hit.Facts;
            else toRead.Add(id);
        }

        if (toRead.Count > 0)
        {
            var rows = await db.PanelFacts.AsNoTracking().Where(f => toRead.Contains(f.PatientId)).ToListAsync(ct);
            foreach (var row in rows.Where(r => r.ChangeVersion == r.ComputedVersion))
            {
                if (PanelFacts.Parse(row.FactsJson) is not { } parsed) continue;
                facts[row.PatientId] = parsed;
                cache.Entries[row.PatientId] = (row.ComputedVersion, parsed);
            }
        }

        foreach (var id in patientIds)
        {
            if (!facts.ContainsKey(id)) facts[id] = await RefreshAsync(id, versions.ContainsKey(id), ct);
        }

        return facts;
    }

    /// <summary>
    /// Computes one patient's facts from the stored records. The row exists (a placeholder is inserted first) and its
    /// version is read before the records, so a change that commits meanwhile raises the version and leaves them stale.
    /// </summary>
    private async Task<PanelFacts> RefreshAsync(Guid patientId, bool exists, CancellationToken ct)
    {
        if (!exists)
        {
            db.PanelFacts.Add(new PanelFactsRecord { PatientId = patientId, ChangeVersion = 0, ComputedVersion = -1, FactsJson = "{}" });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request inserted it first: the same row serves.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        var version = await db.PanelFacts.Where(f => f.PatientId == patientId).Select(f => f.ChangeVersion).SingleAsync(ct);
        var latest = await db.Assessments.AsNoTracking()
            .Where(a => a.UserId == patientId && a.CompletedAt != null && a.Disposition != AssessmentService.Unreadable)
            .OrderByDescending(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        var diary = await db.DiaryEntries.AsNoTracking().Where(e => e.UserId == patientId).ToListAsync(ct);
        var imported = await importedSelfHarm.Phq9ResponsesAsync(patientId, ct);
        var facts = builder.Build(latest is null ? null : StoredAssessment.Read(latest), diary, imported);
        var json = facts.ToJson();
        await db.PanelFacts.Where(f => f.PatientId == patientId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.FactsJson, json).SetProperty(f => f.ComputedVersion, version), ct);
        cache.Entries[patientId] = (version, facts);
        return facts;
    }
}
