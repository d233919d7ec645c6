using BackCare.App.Assessments;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;

namespace BackCare.App.Clinicians;

/// <summary>
/// Reads patients' panel facts, computing again those whose diary or assessments changed since they were computed
/// (or that were never computed). Callers decide who may read whom (<see cref="Sharing.PatientAccess"/>).
/// </summary>
public sealed class PanelFactsStore(BackCareDbContext db, PanelFactsBuilder builder)
{
    public async Task<Dictionary<Guid, PanelFacts>> CurrentAsync(IReadOnlyCollection<Guid> patientIds, CancellationToken ct)
    {
        var stored = await db.PanelFacts.AsNoTracking().Where(f => patientIds.Contains(f.PatientId)).ToListAsync(ct);
        var facts = new Dictionary<Guid, PanelFacts>(patientIds.Count);
        var byId = stored.ToDictionary(f => f.PatientId);
        foreach (var id in patientIds)
        {
            if (byId.TryGetValue(id, out var row) && row.ChangeVersion == row.ComputedVersion && PanelFacts.Parse(row.FactsJson) is { } current)
            {
                facts[id] = current;
                continue;
            }

            facts[id] = await RefreshAsync(id, row, ct);
        }

        return facts;
    }

    /// <summary>Computes one patient's facts from the stored records; the version is read first, so a change that commits meanwhile leaves them stale.</summary>
    private async Task<PanelFacts> RefreshAsync(Guid patientId, PanelFactsRecord? row, CancellationToken ct)
    {
        var version = row?.ChangeVersion ?? 0;
        var latest = await db.Assessments.AsNoTracking()
            .Where(a => a.UserId == patientId && a.CompletedAt != null && a.Disposition != AssessmentService.Unreadable)
            .OrderByDescending(a => a.CompletedAt).FirstOrDefaultAsync(ct);
        var diary = await db.DiaryEntries.AsNoTracking().Where(e => e.UserId == patientId).ToListAsync(ct);
        var facts = builder.Build(latest is null ? null : StoredAssessment.Read(latest), diary);
        var json = facts.ToJson();
        if (row is null)
        {
            // Stored as stale once: a change committed before this row existed raised no version, so the next read
            // computes again from a version read before its data.
            db.PanelFacts.Add(new PanelFactsRecord { PatientId = patientId, ChangeVersion = 1, ComputedVersion = 0, FactsJson = json });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request stored them first; these are as good for this response.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        else
        {
            await db.PanelFacts.Where(f => f.PatientId == patientId)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.FactsJson, json).SetProperty(f => f.ComputedVersion, version), ct);
        }

        return facts;
    }
}
